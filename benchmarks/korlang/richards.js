// Richards (Are We Fast Yet): an operating-system task scheduler simulation, run 100 times per
// iteration. Twin of richards.kor (see there for the design and the harness); structs are
// classes, task behaviours are closures.
'use strict';

const RUNS = 100;

class Packet {
    constructor(link, identity, kind) {
        this.link = link;
        this.identity = identity;
        this.kind = kind; // 0 device packet, 1 work packet
        this.datum = 0;
        this.data = [0, 0, 0, 0];
    }
}

function append(p, queueHead) {
    p.link = null;
    if (queueHead === null) {
        return p;
    } else {
        let mouse = queueHead;
        let link = mouse.link;
        while (link !== null) {
            mouse = link;
            link = mouse.link;
        }
        mouse.link = p;
        return queueHead;
    }
}

class TaskState {
    constructor(packetPending, taskWaiting, taskHolding) {
        this.packetPending = packetPending;
        this.taskWaiting = taskWaiting;
        this.taskHolding = taskHolding;
    }
}

class Tcb {
    constructor(link, identity, priority, input, state, work) {
        this.link = link;
        this.identity = identity;
        this.priority = priority;
        this.input = input;
        this.packetPending = state.packetPending;
        this.taskWaiting = state.taskWaiting;
        this.taskHolding = state.taskHolding;
        this.work = work;
    }

    isTaskHoldingOrWaiting() {
        return this.taskHolding || (!this.packetPending && this.taskWaiting);
    }

    isWaitingWithPacket() {
        return this.packetPending && this.taskWaiting && !this.taskHolding;
    }

    addInputAndCheckPriority(p, oldTask) {
        const input = this.input;
        if (input === null) {
            this.input = p;
            this.packetPending = true;
            if (this.priority > oldTask.priority) {
                return this;
            }
        } else {
            this.input = append(p, input);
        }
        return oldTask;
    }

    runTask() {
        let message = null;
        if (this.isWaitingWithPacket()) {
            const m = this.input;
            message = m;
            this.input = m.link;
            if (this.input === null) {
                this.packetPending = false;
                this.taskWaiting = false;
                this.taskHolding = false;
            } else {
                this.packetPending = true;
                this.taskWaiting = false;
                this.taskHolding = false;
            }
        }
        const f = this.work;
        return f(message);
    }
}

class DeviceData { constructor() { this.pending = null; } }
class HandlerData { constructor() { this.workIn = null; this.deviceIn = null; } }
class IdleData { constructor() { this.control = 1; this.count = 10000; } }
class WorkerData { constructor() { this.destination = 3; this.count = 0; } }

class Scheduler {
    constructor() {
        this.taskList = null;
        this.currentTask = null;
        this.currentTaskIdentity = 0;
        this.taskTable = [null, null, null, null, null, null, null];
        this.queueCount = 0;
        this.holdCount = 0;
    }

    createTask(identity, priority, input, state, work) {
        const t = new Tcb(this.taskList, identity, priority, input, state, work);
        this.taskList = t;
        this.taskTable[identity] = t;
    }

    findTask(identity) {
        return this.taskTable[identity];
    }

    holdSelf() {
        this.holdCount = this.holdCount + 1;
        const current = this.currentTask;
        current.taskHolding = true;
        return current.link;
    }

    queuePacket(p) {
        const task = this.findTask(p.identity);
        this.queueCount = this.queueCount + 1;
        p.link = null;
        p.identity = this.currentTaskIdentity;
        return task.addInputAndCheckPriority(p, this.currentTask);
    }

    release(identity) {
        const task = this.findTask(identity);
        task.taskHolding = false;
        const current = this.currentTask;
        if (task.priority > current.priority) {
            return task;
        } else {
            return current;
        }
    }

    markWaiting() {
        const current = this.currentTask;
        current.taskWaiting = true;
        return current;
    }

    createDevice(identity, priority, input, state) {
        const data = new DeviceData();
        const s = this;
        this.createTask(identity, priority, input, state, function (p) {
            if (p === null) {
                const pending = data.pending;
                if (pending === null) {
                    return s.markWaiting();
                } else {
                    data.pending = null;
                    return s.queuePacket(pending);
                }
            } else {
                data.pending = p;
                return s.holdSelf();
            }
        });
    }

    createHandler(identity, priority, input, state) {
        const data = new HandlerData();
        const s = this;
        this.createTask(identity, priority, input, state, function (p) {
            if (p !== null) {
                if (p.kind === 1) { // a work packet
                    data.workIn = append(p, data.workIn);
                } else {
                    data.deviceIn = append(p, data.deviceIn);
                }
            }
            const workPacket = data.workIn;
            if (workPacket === null) {
                return s.markWaiting();
            } else {
                const count = workPacket.datum;
                if (count >= 4) {
                    data.workIn = workPacket.link;
                    return s.queuePacket(workPacket);
                } else {
                    const devicePacket = data.deviceIn;
                    if (devicePacket === null) {
                        return s.markWaiting();
                    } else {
                        data.deviceIn = devicePacket.link;
                        devicePacket.datum = workPacket.data[count];
                        workPacket.datum = count + 1;
                        return s.queuePacket(devicePacket);
                    }
                }
            }
        });
    }

    createIdler(identity, priority, input, state) {
        const data = new IdleData();
        const s = this;
        this.createTask(identity, priority, input, state, function (p) {
            data.count = data.count - 1;
            if (data.count === 0) {
                return s.holdSelf();
            } else if ((data.control & 1) === 0) {
                data.control = Math.floor(data.control / 2);
                return s.release(5); // device A
            } else {
                data.control = Math.floor((data.control - 1) / 2) ^ 53256;
                return s.release(6); // device B
            }
        });
    }

    createWorker(identity, priority, input, state) {
        const data = new WorkerData();
        const s = this;
        this.createTask(identity, priority, input, state, function (p) {
            if (p === null) {
                return s.markWaiting();
            } else {
                if (data.destination === 3) { data.destination = 4; } else { data.destination = 3; }
                p.identity = data.destination;
                p.datum = 0;
                for (let i = 0; i < 4; i++) {
                    data.count = data.count + 1;
                    if (data.count > 26) { data.count = 1; }
                    p.data[i] = 65 + data.count - 1;
                }
                return s.queuePacket(p);
            }
        });
    }

    schedule() {
        this.currentTask = this.taskList;
        while (this.currentTask !== null) {
            const task = this.currentTask;
            if (task.isTaskHoldingOrWaiting()) {
                this.currentTask = task.link;
            } else {
                this.currentTaskIdentity = task.identity;
                this.currentTask = task.runTask();
            }
        }
    }
}

// Identities: 1 idler, 2 worker, 3 handler A, 4 handler B, 5 device A, 6 device B.
// Packet kinds: 0 device packet, 1 work packet.
function runOnce() {
    const s = new Scheduler();
    s.createIdler(1, 0, null, new TaskState(false, false, false));
    let queue = new Packet(null, 2, 1);
    queue = new Packet(queue, 2, 1);
    s.createWorker(2, 1000, queue, new TaskState(true, true, false));
    queue = new Packet(null, 5, 0);
    queue = new Packet(queue, 5, 0);
    queue = new Packet(queue, 5, 0);
    s.createHandler(3, 2000, queue, new TaskState(true, true, false));
    queue = new Packet(null, 6, 0);
    queue = new Packet(queue, 6, 0);
    queue = new Packet(queue, 6, 0);
    s.createHandler(4, 3000, queue, new TaskState(true, true, false));
    s.createDevice(5, 4000, null, new TaskState(false, true, false));
    s.createDevice(6, 5000, null, new TaskState(false, true, false));
    s.schedule();
    return s.queueCount * 100000 + s.holdCount;
}

function benchmark(runs) {
    let result = 2324609297;
    for (let k = 0; k < runs; k++) {
        const r = runOnce();
        if (r !== 2324609297) { result = r; }
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
        console.log('usage: richards [iterations >= 1]');
        return 64;
    }
    let result = 0;
    for (let i = 1; i <= iterations; i++) {
        const start = performance.now();
        result = benchmark(RUNS);
        console.log(`richards: iteration ${i}: ${Math.floor(performance.now() - start)} ms`);
        if (result !== 2324609297) {
            console.log(`richards: FAILED: queue count * 100000 + hold count = ${result}, expected 2324609297`);
            return 1;
        }
    }
    console.log(`richards: ${RUNS} runs, queue count 23246, hold count 9297 ok`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
