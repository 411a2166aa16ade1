# binary-trees (Benchmarks Game), depth 16. Twin of binary-trees.kor (see there for the design
# and the harness); a tree node is an object of a class with two slots.
import sys
import time


class TreeNode:
    __slots__ = ("left", "right")

    def __init__(self, left, right):
        self.left = left
        self.right = right


def bottom_up_tree(depth):
    if depth > 0:
        return TreeNode(bottom_up_tree(depth - 1), bottom_up_tree(depth - 1))
    else:
        return TreeNode(None, None)


def item_check(node):
    left = node.left
    if left is None:
        return 1
    else:
        return 1 + item_check(left) + item_check(node.right)


def benchmark(n):
    min_depth = 4
    max_depth = n
    if min_depth + 2 > n:
        max_depth = min_depth + 2
    lines = []
    stretch_depth = max_depth + 1
    lines.append(f"stretch tree of depth {stretch_depth}\t check: {item_check(bottom_up_tree(stretch_depth))}")
    long_lived_tree = bottom_up_tree(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        check = 0
        for _ in range(iterations):
            check += item_check(bottom_up_tree(depth))
        lines.append(f"{iterations}\t trees of depth {depth}\t check: {check}")
        depth += 2
    lines.append(f"long lived tree of depth {max_depth}\t check: {item_check(long_lived_tree)}")
    return lines


# The same lines computed from the formulas: a full tree of depth d has 2^(d+1) - 1 nodes.
def expected_lines(n):
    min_depth = 4
    max_depth = n
    if min_depth + 2 > n:
        max_depth = min_depth + 2
    lines = []
    lines.append(f"stretch tree of depth {max_depth + 1}\t check: {(1 << (max_depth + 2)) - 1}")
    depth = min_depth
    while depth <= max_depth:
        iterations = 1 << (max_depth - depth + min_depth)
        lines.append(f"{iterations}\t trees of depth {depth}\t check: {iterations * ((1 << (depth + 1)) - 1)}")
        depth += 2
    lines.append(f"long lived tree of depth {max_depth}\t check: {(1 << (max_depth + 1)) - 1}")
    return lines


def same_lines(a, b):
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if a[i] != b[i]:
            return False
    return True


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
        print("usage: binary-trees [iterations >= 1]")
        return 64
    expected = expected_lines(16)
    result = []
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(16)
        print(f"binary-trees: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if not same_lines(result, expected):
            print("binary-trees: FAILED: output differs from the expected lines")
            return 1
    for line in result:
        print(line)
    print("binary-trees: depth 16 ok")
    return 0


sys.exit(main(sys.argv[1:]))
