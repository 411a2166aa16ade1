# fib: recursive Fibonacci, fib(35) = 9227465. Twin of fib.kor (see there for the design and
# the harness); Python's clock is time.perf_counter().
import sys
import time


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def benchmark():
    return fib(35)


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
        print("usage: fib [iterations >= 1]")
        return 64
    result = 0
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark()
        print(f"fib: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != 9227465:
            print(f"fib: FAILED: fib(35) = {result}, expected 9227465")
            return 1
    print(f"fib: fib(35) = {result} ok")
    return 0


sys.exit(main(sys.argv[1:]))
