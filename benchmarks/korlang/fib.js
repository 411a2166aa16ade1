// fib: recursive Fibonacci, fib(35) = 9227465. Twin of fib.kor (see there for the design and
// the harness); JavaScript's clock is performance.now().
'use strict';

function fib(n) {
    if (n < 2) { return n; }
    return fib(n - 1) + fib(n - 2);
}

function benchmark() {
    return fib(35);
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
        console.log('usage: fib [iterations >= 1]');
        return 64;
    }
    let result = 0;
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark();
        console.log(`fib: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== 9227465) {
            console.log(`fib: FAILED: fib(35) = ${result}, expected 9227465`);
            return 1;
        }
    }
    console.log(`fib: fib(35) = ${result} ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
