// binary-trees (Benchmarks Game), depth 16. Twin of binary-trees.kor (see there for the design
// and the harness); a tree node is an object of a class with two fields.
'use strict';

class TreeNode {
    constructor(left, right) {
        this.left = left;
        this.right = right;
    }
}

function bottomUpTree(depth) {
    if (depth > 0) {
        return new TreeNode(bottomUpTree(depth - 1), bottomUpTree(depth - 1));
    } else {
        return new TreeNode(null, null);
    }
}

function itemCheck(node) {
    const left = node.left;
    if (left === null) {
        return 1;
    } else {
        return 1 + itemCheck(left) + itemCheck(node.right);
    }
}

function benchmark(n) {
    const minDepth = 4;
    let maxDepth = n;
    if (minDepth + 2 > n) { maxDepth = minDepth + 2; }
    const lines = [];
    const stretchDepth = maxDepth + 1;
    lines.push(`stretch tree of depth ${stretchDepth}\t check: ${itemCheck(bottomUpTree(stretchDepth))}`);
    const longLivedTree = bottomUpTree(maxDepth);
    let depth = minDepth;
    while (depth <= maxDepth) {
        const iterations = 1 << (maxDepth - depth + minDepth);
        let check = 0;
        for (let i = 0; i < iterations; i++) {
            check += itemCheck(bottomUpTree(depth));
        }
        lines.push(`${iterations}\t trees of depth ${depth}\t check: ${check}`);
        depth += 2;
    }
    lines.push(`long lived tree of depth ${maxDepth}\t check: ${itemCheck(longLivedTree)}`);
    return lines;
}

// The same lines computed from the formulas: a full tree of depth d has 2^(d+1) - 1 nodes.
function expectedLines(n) {
    const minDepth = 4;
    let maxDepth = n;
    if (minDepth + 2 > n) { maxDepth = minDepth + 2; }
    const lines = [];
    lines.push(`stretch tree of depth ${maxDepth + 1}\t check: ${(1 << (maxDepth + 2)) - 1}`);
    let depth = minDepth;
    while (depth <= maxDepth) {
        const iterations = 1 << (maxDepth - depth + minDepth);
        lines.push(`${iterations}\t trees of depth ${depth}\t check: ${iterations * ((1 << (depth + 1)) - 1)}`);
        depth += 2;
    }
    lines.push(`long lived tree of depth ${maxDepth}\t check: ${(1 << (maxDepth + 1)) - 1}`);
    return lines;
}

function sameLines(a, b) {
    if (a.length !== b.length) { return false; }
    for (let i = 0; i < a.length; i++) {
        if (a[i] !== b[i]) { return false; }
    }
    return true;
}

function parseIterations(args) {
    if (args.length === 0) { return 1; }
    let n = 0;
    for (const c of args[0]) {
        const d = c.charCodeAt(0) - '0'.charCodeAt(0);
        if (d < 0 || d > 9) { return -1; }
        n = n * 10 + d;
    }
    return n;
}

function main(args) {
    const iterations = parseIterations(args);
    if (iterations < 1) {
        console.log('usage: binary-trees [iterations >= 1]');
        return 64;
    }
    const expected = expectedLines(16);
    let result = [];
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(16);
        console.log(`binary-trees: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (!sameLines(result, expected)) {
            console.log('binary-trees: FAILED: output differs from the expected lines');
            return 1;
        }
    }
    for (const line of result) { console.log(line); }
    console.log('binary-trees: depth 16 ok');
    return 0;
}

process.exitCode = main(process.argv.slice(2));
