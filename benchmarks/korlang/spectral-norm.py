# spectral-norm (Benchmarks Game), n = 1000. Twin of spectral-norm.kor (see there for the design
# and the harness); vectors are Python lists.
import math
import sys
import time

N = 1000


def eval_a(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def mul_av(n, v, av):
    for i in range(n):
        sum_ = 0.0
        for j in range(n):
            sum_ = sum_ + eval_a(i, j) * v[j]
        av[i] = sum_


def mul_atv(n, v, atv):
    for i in range(n):
        sum_ = 0.0
        for j in range(n):
            sum_ = sum_ + eval_a(j, i) * v[j]
        atv[i] = sum_


def mul_atav(n, v, atav, tmp):
    mul_av(n, v, tmp)
    mul_atv(n, tmp, atav)


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


def benchmark(n):
    u = [1.0] * n
    v = [0.0] * n
    tmp = [0.0] * n
    for _ in range(10):
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    vbv = 0.0
    vv = 0.0
    for i in range(n):
        vbv = vbv + u[i] * v[i]
        vv = vv + v[i] * v[i]
    return fixed9(math.sqrt(vbv / vv))


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
        print("usage: spectral-norm [iterations >= 1]")
        return 64
    expected = "1.274224148"
    if benchmark(100) != "1.274219991":
        print("spectral-norm: FAILED: n = 100 does not give the published output")
        return 1
    result = ""
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(N)
        print(f"spectral-norm: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != expected:
            print(f"spectral-norm: FAILED: got {result}, expected {expected}")
            return 1
    print(result)
    print(f"spectral-norm: n = {N} ok")
    return 0


sys.exit(main(sys.argv[1:]))
