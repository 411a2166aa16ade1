# n-body (Benchmarks Game): the Jovian planets, 1,000,000 steps of 0.01. Twin of n-body.kor (see
# there for the design and the harness); a body is an object of a class with seven slots.
import math
import sys
import time

STEPS = 1000000

SOLAR_MASS = 4 * math.pi * math.pi
DAYS_PER_YEAR = 365.24


class Body:
    __slots__ = ("x", "y", "z", "vx", "vy", "vz", "mass")

    def __init__(self, x, y, z, vx, vy, vz, mass):
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx
        self.vy = vy
        self.vz = vz
        self.mass = mass


def create_bodies():
    return [
        # sun
        Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS),
        # jupiter
        Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
             1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
             -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS),
        # saturn
        Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
             -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
             2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS),
        # uranus
        Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
             2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
             -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS),
        # neptune
        Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
             2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
             -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS),
    ]


def offset_momentum(bodies):
    px = 0.0
    py = 0.0
    pz = 0.0
    for i in range(len(bodies)):
        b = bodies[i]
        px = px + b.vx * b.mass
        py = py + b.vy * b.mass
        pz = pz + b.vz * b.mass
    sun = bodies[0]
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS


def advance(bodies, dt):
    n = len(bodies)
    for i in range(n):
        bi = bodies[i]
        for j in range(i + 1, n):
            bj = bodies[j]
            dx = bi.x - bj.x
            dy = bi.y - bj.y
            dz = bi.z - bj.z
            dsq = dx * dx + dy * dy + dz * dz
            distance = math.sqrt(dsq)
            mag = dt / (dsq * distance)
            bi.vx = bi.vx - dx * bj.mass * mag
            bi.vy = bi.vy - dy * bj.mass * mag
            bi.vz = bi.vz - dz * bj.mass * mag
            bj.vx = bj.vx + dx * bi.mass * mag
            bj.vy = bj.vy + dy * bi.mass * mag
            bj.vz = bj.vz + dz * bi.mass * mag
    for i in range(n):
        b = bodies[i]
        b.x = b.x + dt * b.vx
        b.y = b.y + dt * b.vy
        b.z = b.z + dt * b.vz


def energy(bodies):
    e = 0.0
    n = len(bodies)
    for i in range(n):
        bi = bodies[i]
        e = e + 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
        for j in range(i + 1, n):
            bj = bodies[j]
            dx = bi.x - bj.x
            dy = bi.y - bj.y
            dz = bi.z - bj.z
            e = e - (bi.mass * bj.mass) / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


# %.9f with integer arithmetic only, the same in every twin (Korlang has no printf).
def fixed9(x):
    sign = ""
    v = x
    if v < 0.0:
        sign = "-"
        v = -v
    scaled = int(math.floor(v * 1000000000.0 + 0.5))
    frac = scaled % 1000000000
    pad = ""
    limit = 100000000
    while limit > 1 and frac < limit:
        pad = pad + "0"
        limit = limit // 10
    return sign + str(scaled // 1000000000) + "." + pad + str(frac)


def benchmark(steps):
    bodies = create_bodies()
    offset_momentum(bodies)
    before = fixed9(energy(bodies))
    for _ in range(steps):
        advance(bodies, 0.01)
    return before + "\n" + fixed9(energy(bodies))


def parse_iterations(args):
    if len(args) == 0:
        return 1
    n = 0
    for c in args[0]:
        d = ord(c) - ord("0")
        if d < 0 or d > 9:
            return -1
        n = n * 10 + d
    return n


def main(args):
    iterations = parse_iterations(args)
    if iterations < 1:
        print("usage: n-body [iterations >= 1]")
        return 64
    expected = "-0.169075164\n-0.169086185"
    if benchmark(1000) != "-0.169075164\n-0.169087605":
        print("n-body: FAILED: 1000 steps do not give the published output")
        return 1
    result = ""
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(STEPS)
        print(f"n-body: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != expected:
            print(f"n-body: FAILED: got {result}, expected {expected}")
            return 1
    print(result)
    print(f"n-body: {STEPS} steps ok")
    return 0


sys.exit(main(sys.argv[1:]))
