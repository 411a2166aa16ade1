// n-body (Benchmarks Game): the Jovian planets, 1,000,000 steps of 0.01. Twin of n-body.kor (see
// there for the design and the harness); a body is an object of a class with seven fields.
'use strict';

const STEPS = 1000000;

const SOLAR_MASS = 4 * Math.PI * Math.PI;
const DAYS_PER_YEAR = 365.24;

class Body {
    constructor(x, y, z, vx, vy, vz, mass) {
        this.x = x;
        this.y = y;
        this.z = z;
        this.vx = vx;
        this.vy = vy;
        this.vz = vz;
        this.mass = mass;
    }
}

function createBodies() {
    return [
        // sun
        new Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS),
        // jupiter
        new Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
                 1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
                 -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS),
        // saturn
        new Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
                 -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
                 2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS),
        // uranus
        new Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
                 2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
                 -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS),
        // neptune
        new Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
                 2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
                 -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS),
    ];
}

function offsetMomentum(bodies) {
    let px = 0.0;
    let py = 0.0;
    let pz = 0.0;
    for (let i = 0; i < bodies.length; i++) {
        const b = bodies[i];
        px = px + b.vx * b.mass;
        py = py + b.vy * b.mass;
        pz = pz + b.vz * b.mass;
    }
    const sun = bodies[0];
    sun.vx = -px / SOLAR_MASS;
    sun.vy = -py / SOLAR_MASS;
    sun.vz = -pz / SOLAR_MASS;
}

function advance(bodies, dt) {
    const n = bodies.length;
    for (let i = 0; i < n; i++) {
        const bi = bodies[i];
        for (let j = i + 1; j < n; j++) {
            const bj = bodies[j];
            const dx = bi.x - bj.x;
            const dy = bi.y - bj.y;
            const dz = bi.z - bj.z;
            const dsq = dx * dx + dy * dy + dz * dz;
            const distance = Math.sqrt(dsq);
            const mag = dt / (dsq * distance);
            bi.vx = bi.vx - dx * bj.mass * mag;
            bi.vy = bi.vy - dy * bj.mass * mag;
            bi.vz = bi.vz - dz * bj.mass * mag;
            bj.vx = bj.vx + dx * bi.mass * mag;
            bj.vy = bj.vy + dy * bi.mass * mag;
            bj.vz = bj.vz + dz * bi.mass * mag;
        }
    }
    for (let i = 0; i < n; i++) {
        const b = bodies[i];
        b.x = b.x + dt * b.vx;
        b.y = b.y + dt * b.vy;
        b.z = b.z + dt * b.vz;
    }
}

function energy(bodies) {
    let e = 0.0;
    const n = bodies.length;
    for (let i = 0; i < n; i++) {
        const bi = bodies[i];
        e = e + 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz);
        for (let j = i + 1; j < n; j++) {
            const bj = bodies[j];
            const dx = bi.x - bj.x;
            const dy = bi.y - bj.y;
            const dz = bi.z - bj.z;
            e = e - (bi.mass * bj.mass) / Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
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

function benchmark(steps) {
    const bodies = createBodies();
    offsetMomentum(bodies);
    const before = fixed9(energy(bodies));
    for (let s = 0; s < steps; s++) {
        advance(bodies, 0.01);
    }
    return before + '\n' + fixed9(energy(bodies));
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
        console.log('usage: n-body [iterations >= 1]');
        return 64;
    }
    const expected = '-0.169075164\n-0.169086185';
    if (benchmark(1000) !== '-0.169075164\n-0.169087605') {
        console.log('n-body: FAILED: 1000 steps do not give the published output');
        return 1;
    }
    let result = '';
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(STEPS);
        console.log(`n-body: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== expected) {
            console.log(`n-body: FAILED: got ${result}, expected ${expected}`);
            return 1;
        }
    }
    console.log(result);
    console.log(`n-body: ${STEPS} steps ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
