# mandelbrot (Benchmarks Game), 2000 x 2000. Twin of mandelbrot.kor (see there for the design and
# the harness).
import sys
import time

SIZE = 2000


def benchmark(size):
    checksum = 0
    bits = 0
    bit_num = 0
    for y in range(size):
        ci = 2.0 * y / size - 1.0
        for x in range(size):
            cr = 2.0 * x / size - 1.5
            zr = 0.0
            zi = 0.0
            tr = 0.0
            ti = 0.0
            i = 0
            while i < 50 and tr + ti <= 4.0:
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                i = i + 1
            bits = bits << 1
            if tr + ti <= 4.0:
                bits = bits | 1
            bit_num = bit_num + 1
            if bit_num == 8 or x == size - 1:
                if bit_num != 8:
                    bits = bits << (8 - bit_num)
                checksum = (checksum * 31 + bits) % 1000000007
                bits = 0
                bit_num = 0
    return checksum


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
        print("usage: mandelbrot [iterations >= 1]")
        return 64
    expected = 672723609
    if benchmark(201) != 882947533:
        print("mandelbrot: FAILED: 201x201 (rows padded to whole bytes) gives the wrong checksum")
        return 1
    result = 0
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(SIZE)
        print(f"mandelbrot: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != expected:
            print(f"mandelbrot: FAILED: checksum {result}, expected {expected}")
            return 1
    print(f"mandelbrot: {SIZE}x{SIZE} checksum {result} ok")
    return 0


sys.exit(main(sys.argv[1:]))
