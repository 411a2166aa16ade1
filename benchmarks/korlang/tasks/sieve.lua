-- sieve: the concurrent prime sieve, the first 2,000 primes, on coroutines. Twin of sieve.kor
-- (see there for the design and the harness). Lua has no tasks, so this file carries the same
-- minimal single-threaded runtime as pingpong.lua: a FIFO run queue of coroutines and channels of
-- capacity 0 with Go's rendezvous semantics.

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

local function generate(out, limit)
    for i = 2, limit do
        send(out, i)
    end
    send(out, -1)
end

local function filter(input, out, prime)
    local running = true
    while running do
        local v = recv(input)
        if v == -1 then
            send(out, -1)
            running = false
        elseif v % prime ~= 0 then
            send(out, v)
        end
    end
end

local function benchmark(limit)
    local result = ""
    spawn(function()
        local ch = new_channel()
        spawn(generate, ch, limit)
        local count = 0
        local sum = 0
        local last = 0
        local p = recv(ch)
        while p ~= -1 do
            count = count + 1
            sum = sum + p
            last = p
            local next = new_channel()
            spawn(filter, ch, next, p)
            ch = next
            p = recv(ch)
        end
        result = count .. " primes, last " .. last .. ", sum " .. sum
    end)
    run_all()
    return result
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
        print("usage: sieve [iterations >= 1]")
        return 64
    end
    local expected = "2000 primes, last 17389, sum 16274627"
    local result = ""
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(17389)
        print("sieve: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("sieve: FAILED: " .. result .. ", expected " .. expected)
            return 1
        end
    end
    print("sieve: " .. result .. " ok")
    return 0
end

os.exit(main(arg))
