# fannkuch-redux (Benchmarks Game), n = 10. Twin of fannkuch-redux.kor (see there for the design
# and the harness); arrays are Python lists.
import sys
import time

N = 10


def benchmark(n):
    perm = [0] * n
    perm1 = [0] * n
    count = [0] * n
    for i in range(n):
        perm1[i] = i
    max_flips = 0
    checksum = 0
    perm_count = 0
    r = n
    result = ""
    running = True
    while running:
        while r != 1:
            count[r - 1] = r
            r = r - 1
        for i in range(n):
            perm[i] = perm1[i]
        flips = 0
        k = perm[0]
        while k != 0:
            lo = 0
            hi = k
            while lo < hi:
                t = perm[lo]
                perm[lo] = perm[hi]
                perm[hi] = t
                lo = lo + 1
                hi = hi - 1
            flips = flips + 1
            k = perm[0]
        if flips > max_flips:
            max_flips = flips
        if perm_count % 2 == 0:
            checksum = checksum + flips
        else:
            checksum = checksum - flips
        # next permutation: rotate the first r + 1 elements while the counter of r runs out
        advancing = True
        while advancing:
            if r == n:
                result = f"{checksum}\nPfannkuchen({n}) = {max_flips}"
                running = False
                advancing = False
            else:
                perm0 = perm1[0]
                for i in range(r):
                    perm1[i] = perm1[i + 1]
                perm1[r] = perm0
                count[r] = count[r] - 1
                if count[r] > 0:
                    advancing = False
                else:
                    r = r + 1
        perm_count = perm_count + 1
    return result


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
        print("usage: fannkuch-redux [iterations >= 1]")
        return 64
    expected = "73196\nPfannkuchen(10) = 38"
    if benchmark(7) != "228\nPfannkuchen(7) = 16":
        print("fannkuch-redux: FAILED: n = 7 does not give the published output")
        return 1
    result = ""
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(N)
        print(f"fannkuch-redux: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != expected:
            print(f"fannkuch-redux: FAILED: got {result}, expected {expected}")
            return 1
    print(result)
    print(f"fannkuch-redux: n = {N} ok")
    return 0


sys.exit(main(sys.argv[1:]))
