// spectral-norm (Benchmarks Game), n = 1000. Twin of spectral-norm.kor (see there for the
// design and the harness); vectors are plain JavaScript arrays.
'use strict';

const N = 1000;

function evalA(i, j) {
    return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

function mulAv(n, v, av) {
    for (let i = 0; i < n; i++) {
        let sum = 0.0;
        for (let j = 0; j < n; j++) {
            sum = sum + evalA(i, j) * v[j];
        }
        av[i] = sum;
    }
}

function mulAtv(n, v, atv) {
    for (let i = 0; i < n; i++) {
        let sum = 0.0;
        for (let j = 0; j < n; j++) {
            sum = sum + evalA(j, i) * v[j];
        }
        atv[i] = sum;
    }
}

function mulAtAv(n, v, atav, tmp) {
    mulAv(n, v, tmp);
    mulAtv(n, tmp, atav);
}

function floatArray(n, x) {
    const a = [];
    for (let i = 0; i < n; i++) { a.push(x); }
    return a;
}

// %.9f with integer arithmetic only, the same in every twin (Korlang has no printf).
function fixed9(x) {
    let sign = '';
    let v = x;
    if (v < 0.0) {
        sign = '-';
        v = -v;
    }
    const scaled = Math.floor(v * 1000000000.0 + 0.5);
    const frac = scaled % 1000000000;
    let pad = '';
    let limit = 100000000;
    while (limit > 1 && frac < limit) {
        pad = pad + '0';
        limit = Math.floor(limit / 10);
    }
    return sign + String(Math.floor(scaled / 1000000000)) + '.' + pad + String(frac);
}

function benchmark(n) {
    const u = floatArray(n, 1.0);
    const v = floatArray(n, 0.0);
    const tmp = floatArray(n, 0.0);
    for (let k = 0; k < 10; k++) {
        mulAtAv(n, u, v, tmp);
        mulAtAv(n, v, u, tmp);
    }
    let vBv = 0.0;
    let vv = 0.0;
    for (let i = 0; i < n; i++) {
        vBv = vBv + u[i] * v[i];
        vv = vv + v[i] * v[i];
    }
    return fixed9(Math.sqrt(vBv / vv));
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
        console.log('usage: spectral-norm [iterations >= 1]');
        return 64;
    }
    const expected = '1.274224148';
    if (benchmark(100) !== '1.274219991') {
        console.log('spectral-norm: FAILED: n = 100 does not give the published output');
        return 1;
    }
    let result = '';
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(N);
        console.log(`spectral-norm: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== expected) {
            console.log(`spectral-norm: FAILED: got ${result}, expected ${expected}`);
            return 1;
        }
    }
    console.log(result);
    console.log(`spectral-norm: n = ${N} ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
