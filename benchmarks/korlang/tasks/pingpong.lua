-- ping-pong: 1,000,000 round trips between two coroutines over two rendezvous channels. Twin of
-- pingpong.kor (see there for the design and the harness). Lua has no tasks, so this file
-- carries a minimal single-threaded runtime: a FIFO run queue of coroutines and channels of
-- capacity 0 with Go's rendezvous semantics (a send hands its value to a waiting receiver and
-- goes on, or waits until a receiver takes it; a receive takes from a waiting sender, or waits).

-- The run queue: coroutines with the value each is resumed with.
local ready_co, ready_val, ready_head, ready_tail = {}, {}, 1, 0

local function make_ready(co, value)
    ready_tail = ready_tail + 1
    ready_co[ready_tail] = co
    ready_val[ready_tail] = value
end

local function spawn(f, ...)
    local args = table.pack(...)
    make_ready(coroutine.create(function() f(table.unpack(args, 1, args.n)) end), nil)
end

-- Runs ready coroutines until none is left.
local function run_all()
    while ready_head <= ready_tail do
        local co, value = ready_co[ready_head], ready_val[ready_head]
        ready_co[ready_head], ready_val[ready_head] = nil, nil
        ready_head = ready_head + 1
        local ok, err = coroutine.resume(co, value)
        if not ok then error(err) end
    end
end

local function new_channel()
    return { senders = {}, values = {}, s_head = 1, s_tail = 0, receivers = {}, r_head = 1, r_tail = 0 }
end

local function send(ch, v)
    if ch.r_head <= ch.r_tail then
        local receiver = ch.receivers[ch.r_head]
        ch.receivers[ch.r_head] = nil
        ch.r_head = ch.r_head + 1
        make_ready(receiver, v)
    else
        ch.s_tail = ch.s_tail + 1
        ch.senders[ch.s_tail] = coroutine.running()
        ch.values[ch.s_tail] = v
        coroutine.yield()
    end
end

local function recv(ch)
    if ch.s_head <= ch.s_tail then
        local sender, v = ch.senders[ch.s_head], ch.values[ch.s_head]
        ch.senders[ch.s_head], ch.values[ch.s_head] = nil, nil
        ch.s_head = ch.s_head + 1
        make_ready(sender, nil)
        return v
    else
        ch.r_tail = ch.r_tail + 1
        ch.receivers[ch.r_tail] = coroutine.running()
        return coroutine.yield()
    end
end

local function ponger(ping, pong)
    local running = true
    while running do
        local v = recv(ping)
        if v == -1 then
            running = false
        else
            send(pong, v + 1)
        end
    end
end

local function benchmark(n)
    local sum = 0
    spawn(function()
        local ping = new_channel()
        local pong = new_channel()
        spawn(ponger, ping, pong)
        for i = 0, n - 1 do
            send(ping, i)
            sum = sum + recv(pong)
        end
        send(ping, -1)
    end)
    run_all()
    return sum
end

-- Wall-clock milliseconds since the epoch (see ../fib.lua: Lua has no sub-second wall clock).
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
        print("usage: pingpong [iterations >= 1]")
        return 64
    end
    local n = 1000000
    local result = 0
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(n)
        print("pingpong: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= 500000500000 then
            print("pingpong: FAILED: sum " .. result .. ", expected 500000500000")
            return 1
        end
    end
    print("pingpong: " .. n .. " round trips, sum " .. result .. " ok")
    return 0
end

os.exit(main(arg))
