// DeltaBlue (Are We Fast Yet): an incremental dataflow constraint solver, chain test and
// projection test with n = 20000. Twin of deltablue.kor (see there for the design, the mapping
// to core features and the harness); structs are classes, methods are plain functions.
'use strict';

const N = 20000;

// Strengths: -10000 absolute strongest, -800 required, -600 strong preferred, -400 preferred,
// -200 strong default, 0 default, 500 weak default, 10000 absolute weakest.
function stronger(a, b) { return a < b; }
function weaker(a, b) { return a > b; }
function weakest(a, b) {
    if (weaker(b, a)) { return b; } else { return a; }
}

class Variable {
    constructor(value) {
        this.value = value;
        this.constraints = [];
        this.determinedBy = null;
        this.mark = 0;
        this.walkStrength = 10000;
        this.stay = true;
    }
}

class Constraint {
    constructor(kind, strength, v1, v2, scale, offset) {
        this.kind = kind; // 0 stay, 1 edit, 2 equality, 3 scale
        this.strength = strength;
        this.v1 = v1; // unary: the output; binary: the first variable; scale: the source
        this.v2 = v2; // binary: the second variable; scale: the destination
        this.scale = scale; // scale only
        this.offset = offset; // scale only
        this.satisfied = false; // unary only
        this.direction = 0; // binary only: 0 none, 1 forward, 2 backward
    }
}

class Planner {
    constructor() { this.currentMark = 1; }
}

function addConstraintTo(v, c) {
    v.constraints.push(c);
}

function removeConstraintFrom(v, c) {
    const kept = [];
    for (const x of v.constraints) {
        if (x !== c) { kept.push(x); }
    }
    v.constraints = kept;
    if (v.determinedBy === c) { v.determinedBy = null; }
}

function isUnary(c) { return c.kind < 2; }

function isInput(c) { return c.kind === 1; }

function isSatisfied(c) {
    if (isUnary(c)) { return c.satisfied; } else { return c.direction !== 0; }
}

function addToGraph(c) {
    if (isUnary(c)) {
        addConstraintTo(c.v1, c);
        c.satisfied = false;
    } else {
        addConstraintTo(c.v1, c);
        addConstraintTo(c.v2, c);
        if (c.kind === 3) {
            addConstraintTo(c.scale, c);
            addConstraintTo(c.offset, c);
        }
        c.direction = 0;
    }
}

function removeFromGraph(c) {
    if (isUnary(c)) {
        removeConstraintFrom(c.v1, c);
        c.satisfied = false;
    } else {
        removeConstraintFrom(c.v1, c);
        removeConstraintFrom(c.v2, c);
        if (c.kind === 3) {
            removeConstraintFrom(c.scale, c);
            removeConstraintFrom(c.offset, c);
        }
        c.direction = 0;
    }
}

// Decides if the constraint can be satisfied (and in which direction) and records it.
function chooseMethod(c, mark) {
    if (isUnary(c)) {
        c.satisfied = c.v1.mark !== mark && stronger(c.strength, c.v1.walkStrength);
    } else if (c.v1.mark === mark) {
        if (c.v2.mark !== mark && stronger(c.strength, c.v2.walkStrength)) {
            c.direction = 1;
        } else {
            c.direction = 0;
        }
    } else if (c.v2.mark === mark) {
        if (c.v1.mark !== mark && stronger(c.strength, c.v1.walkStrength)) {
            c.direction = 2;
        } else {
            c.direction = 0;
        }
    } else if (weaker(c.v1.walkStrength, c.v2.walkStrength)) {
        if (stronger(c.strength, c.v1.walkStrength)) {
            c.direction = 2;
        } else {
            c.direction = 0;
        }
    } else {
        if (stronger(c.strength, c.v2.walkStrength)) {
            c.direction = 1;
        } else {
            c.direction = 0;
        }
    }
}

function execute(c) {
    if (c.kind === 2) {
        if (c.direction === 1) {
            c.v2.value = c.v1.value;
        } else {
            c.v1.value = c.v2.value;
        }
    } else if (c.kind === 3) {
        if (c.direction === 1) {
            c.v2.value = c.v1.value * c.scale.value + c.offset.value;
        } else {
            c.v1.value = Math.trunc((c.v2.value - c.offset.value) / c.scale.value);
        }
    }
}

// The input variable of a satisfied binary constraint.
function inputOf(c) {
    if (c.direction === 1) { return c.v1; } else { return c.v2; }
}

function outputOf(c) {
    if (isUnary(c) || c.direction !== 1) { return c.v1; } else { return c.v2; }
}

function markInputs(c, mark) {
    if (!isUnary(c)) {
        const inp = inputOf(c);
        inp.mark = mark;
        if (c.kind === 3) {
            c.scale.mark = mark;
            c.offset.mark = mark;
        }
    }
}

// True if all current inputs are known: marked, stay, or not determined by any constraint.
// (As in AWFY, a scale constraint checks only its main input here.)
function inputsKnown(c, mark) {
    if (isUnary(c)) { return true; }
    const v = inputOf(c);
    return v.mark === mark || v.stay || v.determinedBy === null;
}

function markUnsatisfied(c) {
    if (isUnary(c)) { c.satisfied = false; } else { c.direction = 0; }
}

// Recomputes the walkabout strength and stay flag of the output, and its value if it is stay.
function recalculate(c) {
    if (isUnary(c)) {
        c.v1.walkStrength = c.strength;
        c.v1.stay = !isInput(c);
        if (c.v1.stay) { execute(c); }
    } else {
        const input = inputOf(c);
        const output = outputOf(c);
        output.walkStrength = weakest(c.strength, input.walkStrength);
        if (c.kind === 3) {
            output.stay = input.stay && c.scale.stay && c.offset.stay;
        } else {
            output.stay = input.stay;
        }
        if (output.stay) { execute(c); }
    }
}

// Satisfies the constraint if it can; answers the constraint it overrides, if any.
function satisfy(c, mark, planner) {
    chooseMethod(c, mark);
    if (isSatisfied(c)) {
        markInputs(c, mark);
        const out = outputOf(c);
        const overridden = out.determinedBy;
        if (overridden !== null) { markUnsatisfied(overridden); }
        out.determinedBy = c;
        if (!addPropagate(planner, c, mark)) { throw new Error('Cycle encountered'); }
        out.mark = mark;
        return overridden;
    } else {
        if (c.strength === -800) { throw new Error('Could not satisfy a required constraint'); }
        return null;
    }
}

function addConstraint(c, planner) {
    addToGraph(c);
    incrementalAdd(planner, c);
}

function destroyConstraint(c, planner) {
    if (isSatisfied(c)) { incrementalRemove(planner, c); }
    removeFromGraph(c);
}

function newConstraint(kind, strength, v1, v2, scale, offset, planner) {
    const c = new Constraint(kind, strength, v1, v2, scale, offset);
    addConstraint(c, planner);
    return c;
}

function newStay(v, strength, planner) {
    return newConstraint(0, strength, v, v, v, v, planner);
}

function newEdit(v, strength, planner) {
    return newConstraint(1, strength, v, v, v, v, planner);
}

function newEquality(v1, v2, strength, planner) {
    return newConstraint(2, strength, v1, v2, v1, v1, planner);
}

function newScale(src, scale, offset, dest, strength, planner) {
    return newConstraint(3, strength, src, dest, scale, offset, planner);
}

function newMark(planner) {
    planner.currentMark = planner.currentMark + 1;
    return planner.currentMark;
}

function incrementalAdd(planner, c) {
    const mark = newMark(planner);
    let overridden = satisfy(c, mark, planner);
    while (overridden !== null) {
        overridden = satisfy(overridden, mark, planner);
    }
}

function incrementalRemove(planner, c) {
    const out = outputOf(c);
    markUnsatisfied(c);
    removeFromGraph(c);
    const unsatisfied = removePropagateFrom(planner, out);
    for (const u of unsatisfied) {
        incrementalAdd(planner, u);
    }
}

function addConstraintsConsumingTo(v, coll) {
    const determining = v.determinedBy;
    for (const c of v.constraints) {
        if (c !== determining && isSatisfied(c)) { coll.push(c); }
    }
}

function extractPlanFromConstraints(planner, constraints) {
    const sources = [];
    for (const c of constraints) {
        if (isInput(c) && isSatisfied(c)) { sources.push(c); }
    }
    return makePlan(planner, sources);
}

function makePlan(planner, sources) {
    const mark = newMark(planner);
    const plan = [];
    const todo = sources;
    let head = 0;
    while (head < todo.length) {
        const c = todo[head];
        head = head + 1;
        if (outputOf(c).mark !== mark && inputsKnown(c, mark)) {
            const out = outputOf(c);
            plan.push(c);
            out.mark = mark;
            addConstraintsConsumingTo(out, todo);
        }
    }
    return plan;
}

function executePlan(plan) {
    for (const c of plan) { execute(c); }
}

// Recalculates everything downstream of c; false (after removing c) if that meets a cycle.
function addPropagate(planner, c, mark) {
    const todo = [c];
    let head = 0;
    while (head < todo.length) {
        const d = todo[head];
        head = head + 1;
        if (outputOf(d).mark === mark) {
            incrementalRemove(planner, c);
            return false;
        }
        recalculate(d);
        addConstraintsConsumingTo(outputOf(d), todo);
    }
    return true;
}

// The unsatisfied constraints downstream of out, strongest first.
function removePropagateFrom(planner, out) {
    const unsatisfied = [];
    out.determinedBy = null;
    out.walkStrength = 10000;
    out.stay = true;
    const todo = [out];
    let head = 0;
    while (head < todo.length) {
        const v = todo[head];
        head = head + 1;
        for (const c of v.constraints) {
            if (!isSatisfied(c)) { unsatisfied.push(c); }
        }
        const determining = v.determinedBy;
        for (const c of v.constraints) {
            if (c !== determining && isSatisfied(c)) {
                recalculate(c);
                todo.push(outputOf(c));
            }
        }
    }
    for (let i = 1; i < unsatisfied.length; i++) {
        const c = unsatisfied[i];
        let j = i - 1;
        while (j >= 0 && stronger(c.strength, unsatisfied[j].strength)) {
            unsatisfied[j + 1] = unsatisfied[j];
            j = j - 1;
        }
        unsatisfied[j + 1] = c;
    }
    return unsatisfied;
}

function change(planner, v, newValue) {
    const edit = newEdit(v, -400, planner);
    const plan = extractPlanFromConstraints(planner, [edit]);
    for (let i = 0; i < 10; i++) {
        v.value = newValue;
        executePlan(plan);
    }
    destroyConstraint(edit, planner);
}

// A chain of n equality constraints with a stay constraint on one end; an edit constraint on
// the other end must propagate down the whole chain.
function chainTest(n) {
    const planner = new Planner();
    const vars = [];
    for (let i = 0; i < n + 1; i++) {
        vars.push(new Variable(0));
    }
    for (let i = 0; i < n; i++) {
        newEquality(vars[i], vars[i + 1], -800, planner);
    }
    newStay(vars[n], -200, planner);
    const edit = newEdit(vars[0], -400, planner);
    const plan = extractPlanFromConstraints(planner, [edit]);
    const first = vars[0];
    let ok = true;
    for (let i = 0; i < 100; i++) {
        first.value = i;
        executePlan(plan);
        if (vars[n].value !== i) { ok = false; }
    }
    destroyConstraint(edit, planner);
    return ok;
}

// Two sets of n variables related by a scale and offset; changes on either side and of the
// scale and offset must propagate.
function projectionTest(n) {
    const planner = new Planner();
    const dests = [];
    const scale = new Variable(10);
    const offset = new Variable(1000);
    let src = new Variable(0);
    let dst = new Variable(0);
    for (let i = 1; i <= n; i++) {
        src = new Variable(i);
        dst = new Variable(i);
        dests.push(dst);
        newStay(src, 0, planner);
        newScale(src, scale, offset, dst, -800, planner);
    }
    let ok = true;
    change(planner, src, 17);
    if (dst.value !== 1170) { ok = false; }
    change(planner, dst, 1050);
    if (src.value !== 5) { ok = false; }
    change(planner, scale, 5);
    for (let i = 0; i < n - 1; i++) {
        if (dests[i].value !== (i + 1) * 5 + 1000) { ok = false; }
    }
    change(planner, offset, 2000);
    for (let i = 0; i < n - 1; i++) {
        if (dests[i].value !== (i + 1) * 5 + 2000) { ok = false; }
    }
    return ok;
}

function benchmark(n) {
    let result = '';
    if (chainTest(n)) { result = result + 'chain ok'; } else { result = result + 'chain FAILED'; }
    if (projectionTest(n)) { result = result + ', projection ok'; } else { result = result + ', projection FAILED'; }
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
        console.log('usage: deltablue [iterations >= 1]');
        return 64;
    }
    const expected = 'chain ok, projection ok';
    let result = '';
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(N);
        console.log(`deltablue: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== expected) {
            console.log(`deltablue: FAILED: ${result}`);
            return 1;
        }
    }
    console.log(`deltablue: n = ${N}: ${result}`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
