// mandelbrot (Benchmarks Game), 2000 x 2000. Twin of mandelbrot.kor (see there for the design and
// the harness).
'use strict';

const SIZE = 2000;

function benchmark(size) {
    let checksum = 0;
    let bits = 0;
    let bitNum = 0;
    for (let y = 0; y < size; y++) {
        const ci = 2.0 * y / size - 1.0;
        for (let x = 0; x < size; x++) {
            const cr = 2.0 * x / size - 1.5;
            let zr = 0.0;
            let zi = 0.0;
            let tr = 0.0;
            let ti = 0.0;
            let i = 0;
            while (i < 50 && tr + ti <= 4.0) {
                zi = 2.0 * zr * zi + ci;
                zr = tr - ti + cr;
                tr = zr * zr;
                ti = zi * zi;
                i = i + 1;
            }
            bits = bits << 1;
            if (tr + ti <= 4.0) { bits = bits | 1; }
            bitNum = bitNum + 1;
            if (bitNum === 8 || x === size - 1) {
                if (bitNum !== 8) { bits = bits << (8 - bitNum); }
                checksum = (checksum * 31 + bits) % 1000000007;
                bits = 0;
                bitNum = 0;
            }
        }
    }
    return checksum;
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
        console.log('usage: mandelbrot [iterations >= 1]');
        return 64;
    }
    const expected = 672723609;
    if (benchmark(201) !== 882947533) {
        console.log('mandelbrot: FAILED: 201x201 (rows padded to whole bytes) gives the wrong checksum');
        return 1;
    }
    let result = 0;
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(SIZE);
        console.log(`mandelbrot: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== expected) {
            console.log(`mandelbrot: FAILED: checksum ${result}, expected ${expected}`);
            return 1;
        }
    }
    console.log(`mandelbrot: ${SIZE}x${SIZE} checksum ${result} ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
