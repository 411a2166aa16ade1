// fannkuch-redux (Benchmarks Game), n = 10. Twin of fannkuch-redux.kor (see there for the design
// and the harness); arrays are plain JavaScript arrays.
'use strict';

const N = 10;

function intArray(n) {
    const a = [];
    for (let i = 0; i < n; i++) { a.push(0); }
    return a;
}

function benchmark(n) {
    const perm = intArray(n);
    const perm1 = intArray(n);
    const count = intArray(n);
    for (let i = 0; i < n; i++) {
        perm1[i] = i;
    }
    let maxFlips = 0;
    let checksum = 0;
    let permCount = 0;
    let r = n;
    let result = '';
    let running = true;
    while (running) {
        while (r !== 1) {
            count[r - 1] = r;
            r = r - 1;
        }
        for (let i = 0; i < n; i++) {
            perm[i] = perm1[i];
        }
        let flips = 0;
        let k = perm[0];
        while (k !== 0) {
            let lo = 0;
            let hi = k;
            while (lo < hi) {
                const t = perm[lo];
                perm[lo] = perm[hi];
                perm[hi] = t;
                lo = lo + 1;
                hi = hi - 1;
            }
            flips = flips + 1;
            k = perm[0];
        }
        if (flips > maxFlips) { maxFlips = flips; }
        if (permCount % 2 === 0) {
            checksum = checksum + flips;
        } else {
            checksum = checksum - flips;
        }
        // next permutation: rotate the first r + 1 elements while the counter of r runs out
        let advancing = true;
        while (advancing) {
            if (r === n) {
                result = `${checksum}\nPfannkuchen(${n}) = ${maxFlips}`;
                running = false;
                advancing = false;
            } else {
                const perm0 = perm1[0];
                for (let i = 0; i < r; i++) {
                    perm1[i] = perm1[i + 1];
                }
                perm1[r] = perm0;
                count[r] = count[r] - 1;
                if (count[r] > 0) {
                    advancing = false;
                } else {
                    r = r + 1;
                }
            }
        }
        permCount = permCount + 1;
    }
    return result;
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
        console.log('usage: fannkuch-redux [iterations >= 1]');
        return 64;
    }
    const expected = '73196\nPfannkuchen(10) = 38';
    if (benchmark(7) !== '228\nPfannkuchen(7) = 16') {
        console.log('fannkuch-redux: FAILED: n = 7 does not give the published output');
        return 1;
    }
    let result = '';
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(N);
        console.log(`fannkuch-redux: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== expected) {
            console.log(`fannkuch-redux: FAILED: got ${result}, expected ${expected}`);
            return 1;
        }
    }
    console.log(result);
    console.log(`fannkuch-redux: n = ${N} ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
