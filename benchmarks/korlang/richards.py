# Richards (Are We Fast Yet): an operating-system task scheduler simulation, run 100 times per
# iteration. Twin of richards.kor (see there for the design and the harness); structs are
# classes with slots, task behaviours are closures.
import sys
import time

RUNS = 100


class Packet:
    __slots__ = ("link", "identity", "kind", "datum", "data")

    def __init__(self, link, identity, kind):
        self.link = link
        self.identity = identity
        self.kind = kind  # 0 device packet, 1 work packet
        self.datum = 0
        self.data = [0, 0, 0, 0]


def append(p, queue_head):
    p.link = None
    if queue_head is None:
        return p
    else:
        mouse = queue_head
        link = mouse.link
        while link is not None:
            mouse = link
            link = mouse.link
        mouse.link = p
        return queue_head


class TaskState:
    __slots__ = ("packet_pending", "task_waiting", "task_holding")

    def __init__(self, packet_pending, task_waiting, task_holding):
        self.packet_pending = packet_pending
        self.task_waiting = task_waiting
        self.task_holding = task_holding


class Tcb:
    __slots__ = ("link", "identity", "priority", "input", "packet_pending", "task_waiting",
                 "task_holding", "work")

    def __init__(self, link, identity, priority, input_, state, work):
        self.link = link
        self.identity = identity
        self.priority = priority
        self.input = input_
        self.packet_pending = state.packet_pending
        self.task_waiting = state.task_waiting
        self.task_holding = state.task_holding
        self.work = work

    def is_task_holding_or_waiting(self):
        return self.task_holding or (not self.packet_pending and self.task_waiting)

    def is_waiting_with_packet(self):
        return self.packet_pending and self.task_waiting and not self.task_holding

    def add_input_and_check_priority(self, p, old_task):
        input_ = self.input
        if input_ is None:
            self.input = p
            self.packet_pending = True
            if self.priority > old_task.priority:
                return self
        else:
            self.input = append(p, input_)
        return old_task

    def run_task(self):
        message = None
        if self.is_waiting_with_packet():
            m = self.input
            message = m
            self.input = m.link
            if self.input is None:
                self.packet_pending = False
                self.task_waiting = False
                self.task_holding = False
            else:
                self.packet_pending = True
                self.task_waiting = False
                self.task_holding = False
        f = self.work
        return f(message)


class DeviceData:
    __slots__ = ("pending",)

    def __init__(self):
        self.pending = None


class HandlerData:
    __slots__ = ("work_in", "device_in")

    def __init__(self):
        self.work_in = None
        self.device_in = None


class IdleData:
    __slots__ = ("control", "count")

    def __init__(self):
        self.control = 1
        self.count = 10000


class WorkerData:
    __slots__ = ("destination", "count")

    def __init__(self):
        self.destination = 3
        self.count = 0


class Scheduler:
    __slots__ = ("task_list", "current_task", "current_task_identity", "task_table",
                 "queue_count", "hold_count")

    def __init__(self):
        self.task_list = None
        self.current_task = None
        self.current_task_identity = 0
        self.task_table = [None, None, None, None, None, None, None]
        self.queue_count = 0
        self.hold_count = 0

    def create_task(self, identity, priority, input_, state, work):
        t = Tcb(self.task_list, identity, priority, input_, state, work)
        self.task_list = t
        self.task_table[identity] = t

    def find_task(self, identity):
        return self.task_table[identity]

    def hold_self(self):
        self.hold_count = self.hold_count + 1
        current = self.current_task
        current.task_holding = True
        return current.link

    def queue_packet(self, p):
        task = self.find_task(p.identity)
        self.queue_count = self.queue_count + 1
        p.link = None
        p.identity = self.current_task_identity
        return task.add_input_and_check_priority(p, self.current_task)

    def release(self, identity):
        task = self.find_task(identity)
        task.task_holding = False
        current = self.current_task
        if task.priority > current.priority:
            return task
        else:
            return current

    def mark_waiting(self):
        current = self.current_task
        current.task_waiting = True
        return current

    def create_device(self, identity, priority, input_, state):
        data = DeviceData()
        s = self

        def work(p):
            if p is None:
                pending = data.pending
                if pending is None:
                    return s.mark_waiting()
                else:
                    data.pending = None
                    return s.queue_packet(pending)
            else:
                data.pending = p
                return s.hold_self()

        self.create_task(identity, priority, input_, state, work)

    def create_handler(self, identity, priority, input_, state):
        data = HandlerData()
        s = self

        def work(p):
            if p is not None:
                if p.kind == 1:  # a work packet
                    data.work_in = append(p, data.work_in)
                else:
                    data.device_in = append(p, data.device_in)
            work_packet = data.work_in
            if work_packet is None:
                return s.mark_waiting()
            else:
                count = work_packet.datum
                if count >= 4:
                    data.work_in = work_packet.link
                    return s.queue_packet(work_packet)
                else:
                    device_packet = data.device_in
                    if device_packet is None:
                        return s.mark_waiting()
                    else:
                        data.device_in = device_packet.link
                        device_packet.datum = work_packet.data[count]
                        work_packet.datum = count + 1
                        return s.queue_packet(device_packet)

        self.create_task(identity, priority, input_, state, work)

    def create_idler(self, identity, priority, input_, state):
        data = IdleData()
        s = self

        def work(p):
            data.count = data.count - 1
            if data.count == 0:
                return s.hold_self()
            elif (data.control & 1) == 0:
                data.control = data.control // 2
                return s.release(5)  # device A
            else:
                data.control = ((data.control - 1) // 2) ^ 53256
                return s.release(6)  # device B

        self.create_task(identity, priority, input_, state, work)

    def create_worker(self, identity, priority, input_, state):
        data = WorkerData()
        s = self

        def work(p):
            if p is None:
                return s.mark_waiting()
            else:
                if data.destination == 3:
                    data.destination = 4
                else:
                    data.destination = 3
                p.identity = data.destination
                p.datum = 0
                for i in range(4):
                    data.count = data.count + 1
                    if data.count > 26:
                        data.count = 1
                    p.data[i] = 65 + data.count - 1
                return s.queue_packet(p)

        self.create_task(identity, priority, input_, state, work)

    def schedule(self):
        self.current_task = self.task_list
        while self.current_task is not None:
            task = self.current_task
            if task.is_task_holding_or_waiting():
                self.current_task = task.link
            else:
                self.current_task_identity = task.identity
                self.current_task = task.run_task()


# Identities: 1 idler, 2 worker, 3 handler A, 4 handler B, 5 device A, 6 device B.
# Packet kinds: 0 device packet, 1 work packet.
def run_once():
    s = Scheduler()
    s.create_idler(1, 0, None, TaskState(False, False, False))
    queue = Packet(None, 2, 1)
    queue = Packet(queue, 2, 1)
    s.create_worker(2, 1000, queue, TaskState(True, True, False))
    queue = Packet(None, 5, 0)
    queue = Packet(queue, 5, 0)
    queue = Packet(queue, 5, 0)
    s.create_handler(3, 2000, queue, TaskState(True, True, False))
    queue = Packet(None, 6, 0)
    queue = Packet(queue, 6, 0)
    queue = Packet(queue, 6, 0)
    s.create_handler(4, 3000, queue, TaskState(True, True, False))
    s.create_device(5, 4000, None, TaskState(False, True, False))
    s.create_device(6, 5000, None, TaskState(False, True, False))
    s.schedule()
    return s.queue_count * 100000 + s.hold_count


def benchmark(runs):
    result = 2324609297
    for _ in range(runs):
        r = run_once()
        if r != 2324609297:
            result = r
    return result


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
        print("usage: richards [iterations >= 1]")
        return 64
    result = 0
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(RUNS)
        print(f"richards: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != 2324609297:
            print(f"richards: FAILED: queue count * 100000 + hold count = {result}, expected 2324609297")
            return 1
    print(f"richards: {RUNS} runs, queue count 23246, hold count 9297 ok")
    return 0


sys.exit(main(sys.argv[1:]))
