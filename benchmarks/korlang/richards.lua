-- Richards (Are We Fast Yet): an operating-system task scheduler simulation, run 100 times per
-- iteration. Twin of richards.kor (see there for the design and the harness). Task identities
-- are 1..6 and index the task table directly; packet data are 1-based Lua arrays, so
-- data[i + 1] here is data[i] in the Korlang program (datum stays 0-based).

local RUNS = 100

local function packet(link, identity, kind)
    return { link = link, identity = identity, kind = kind, datum = 0, data = { 0, 0, 0, 0 } }
end

local function append(p, queue_head)
    p.link = nil
    if queue_head == nil then
        return p
    else
        local mouse = queue_head
        local link = mouse.link
        while link ~= nil do
            mouse = link
            link = mouse.link
        end
        mouse.link = p
        return queue_head
    end
end

local function task_state(packet_pending, task_waiting, task_holding)
    return { packet_pending = packet_pending, task_waiting = task_waiting, task_holding = task_holding }
end

local Tcb = {}
Tcb.__index = Tcb

local function tcb(link, identity, priority, input, state, work)
    return setmetatable({
        link = link, identity = identity, priority = priority, input = input,
        packet_pending = state.packet_pending, task_waiting = state.task_waiting,
        task_holding = state.task_holding, work = work,
    }, Tcb)
end

function Tcb:is_task_holding_or_waiting()
    return self.task_holding or (not self.packet_pending and self.task_waiting)
end

function Tcb:is_waiting_with_packet()
    return self.packet_pending and self.task_waiting and not self.task_holding
end

function Tcb:add_input_and_check_priority(p, old_task)
    if self.input == nil then
        self.input = p
        self.packet_pending = true
        if self.priority > old_task.priority then
            return self
        end
    else
        self.input = append(p, self.input)
    end
    return old_task
end

function Tcb:run_task()
    local message = nil
    if self:is_waiting_with_packet() then
        local m = self.input
        message = m
        self.input = m.link
        if self.input == nil then
            self.packet_pending = false
            self.task_waiting = false
            self.task_holding = false
        else
            self.packet_pending = true
            self.task_waiting = false
            self.task_holding = false
        end
    end
    local f = self.work
    return f(message)
end

local Scheduler = {}
Scheduler.__index = Scheduler

local function scheduler()
    return setmetatable({
        task_list = nil, current_task = nil, current_task_identity = 0,
        task_table = { false, false, false, false, false, false, false },
        queue_count = 0, hold_count = 0,
    }, Scheduler)
end

function Scheduler:create_task(identity, priority, input, state, work)
    local t = tcb(self.task_list, identity, priority, input, state, work)
    self.task_list = t
    self.task_table[identity] = t
end

function Scheduler:find_task(identity)
    return self.task_table[identity]
end

function Scheduler:hold_self()
    self.hold_count = self.hold_count + 1
    local current = self.current_task
    current.task_holding = true
    return current.link
end

function Scheduler:queue_packet(p)
    local task = self:find_task(p.identity)
    self.queue_count = self.queue_count + 1
    p.link = nil
    p.identity = self.current_task_identity
    return task:add_input_and_check_priority(p, self.current_task)
end

function Scheduler:release(identity)
    local task = self:find_task(identity)
    task.task_holding = false
    local current = self.current_task
    if task.priority > current.priority then
        return task
    else
        return current
    end
end

function Scheduler:mark_waiting()
    local current = self.current_task
    current.task_waiting = true
    return current
end

function Scheduler:create_device(identity, priority, input, state)
    local data = { pending = nil }
    local s = self
    self:create_task(identity, priority, input, state, function(p)
        if p == nil then
            local pending = data.pending
            if pending == nil then
                return s:mark_waiting()
            else
                data.pending = nil
                return s:queue_packet(pending)
            end
        else
            data.pending = p
            return s:hold_self()
        end
    end)
end

function Scheduler:create_handler(identity, priority, input, state)
    local data = { work_in = nil, device_in = nil }
    local s = self
    self:create_task(identity, priority, input, state, function(p)
        if p ~= nil then
            if p.kind == 1 then -- a work packet
                data.work_in = append(p, data.work_in)
            else
                data.device_in = append(p, data.device_in)
            end
        end
        local work_packet = data.work_in
        if work_packet == nil then
            return s:mark_waiting()
        else
            local count = work_packet.datum
            if count >= 4 then
                data.work_in = work_packet.link
                return s:queue_packet(work_packet)
            else
                local device_packet = data.device_in
                if device_packet == nil then
                    return s:mark_waiting()
                else
                    data.device_in = device_packet.link
                    device_packet.datum = work_packet.data[count + 1]
                    work_packet.datum = count + 1
                    return s:queue_packet(device_packet)
                end
            end
        end
    end)
end

function Scheduler:create_idler(identity, priority, input, state)
    local data = { control = 1, count = 10000 }
    local s = self
    self:create_task(identity, priority, input, state, function(p)
        data.count = data.count - 1
        if data.count == 0 then
            return s:hold_self()
        elseif (data.control & 1) == 0 then
            data.control = data.control // 2
            return s:release(5) -- device A
        else
            data.control = ((data.control - 1) // 2) ~ 53256
            return s:release(6) -- device B
        end
    end)
end

function Scheduler:create_worker(identity, priority, input, state)
    local data = { destination = 3, count = 0 }
    local s = self
    self:create_task(identity, priority, input, state, function(p)
        if p == nil then
            return s:mark_waiting()
        else
            if data.destination == 3 then data.destination = 4 else data.destination = 3 end
            p.identity = data.destination
            p.datum = 0
            for i = 0, 3 do
                data.count = data.count + 1
                if data.count > 26 then data.count = 1 end
                p.data[i + 1] = 65 + data.count - 1
            end
            return s:queue_packet(p)
        end
    end)
end

function Scheduler:schedule()
    self.current_task = self.task_list
    while self.current_task ~= nil do
        local task = self.current_task
        if task:is_task_holding_or_waiting() then
            self.current_task = task.link
        else
            self.current_task_identity = task.identity
            self.current_task = task:run_task()
        end
    end
end

-- Identities: 1 idler, 2 worker, 3 handler A, 4 handler B, 5 device A, 6 device B.
-- Packet kinds: 0 device packet, 1 work packet.
local function run_once()
    local s = scheduler()
    s:create_idler(1, 0, nil, task_state(false, false, false))
    local queue = packet(nil, 2, 1)
    queue = packet(queue, 2, 1)
    s:create_worker(2, 1000, queue, task_state(true, true, false))
    queue = packet(nil, 5, 0)
    queue = packet(queue, 5, 0)
    queue = packet(queue, 5, 0)
    s:create_handler(3, 2000, queue, task_state(true, true, false))
    queue = packet(nil, 6, 0)
    queue = packet(queue, 6, 0)
    queue = packet(queue, 6, 0)
    s:create_handler(4, 3000, queue, task_state(true, true, false))
    s:create_device(5, 4000, nil, task_state(false, true, false))
    s:create_device(6, 5000, nil, task_state(false, true, false))
    s:schedule()
    return s.queue_count * 100000 + s.hold_count
end

local function benchmark(runs)
    local result = 2324609297
    for _ = 1, runs do
        local r = run_once()
        if r ~= 2324609297 then result = r end
    end
    return result
end

-- Wall-clock milliseconds since the epoch. Lua's standard library has no sub-second wall clock
-- (os.clock() is processor time, which would hide a loaded machine that the other languages'
-- clocks see), so ask date(1); its ~1 ms start-up is the only cost inside a measured interval.
local function now_ms()
    local p = io.popen("date +%s%3N")
    local ms = tonumber(p:read("l"))
    p:close()
    return ms
end

local function parse_iterations(args)
    if #args == 0 then return 1 end
    local n = 0
    for i = 1, #args[1] do
        local d = string.byte(args[1], i) - string.byte("0")
        if d < 0 or d > 9 then return -1 end
        n = n * 10 + d
    end
    return n
end

local function main(args)
    local iterations = parse_iterations(args)
    if iterations < 1 then
        print("usage: richards [iterations >= 1]")
        return 64
    end
    local result = 0
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(RUNS)
        print("richards: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= 2324609297 then
            print("richards: FAILED: queue count * 100000 + hold count = " .. result .. ", expected 2324609297")
            return 1
        end
    end
    print("richards: " .. RUNS .. " runs, queue count 23246, hold count 9297 ok")
    return 0
end

os.exit(main(arg))
