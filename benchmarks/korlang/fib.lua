-- fib: recursive Fibonacci, fib(35) = 9227465. Twin of fib.kor (see there for the design and
-- the harness); Lua's clock is now_ms() below (wall time from date(1)).

local function fib(n)
    if n < 2 then return n end
    return fib(n - 1) + fib(n - 2)
end

local function benchmark()
    return fib(35)
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
        print("usage: fib [iterations >= 1]")
        return 64
    end
    local result = 0
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark()
        print("fib: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= 9227465 then
            print("fib: FAILED: fib(35) = " .. result .. ", expected 9227465")
            return 1
        end
    end
    print("fib: fib(35) = " .. result .. " ok")
    return 0
end

os.exit(main(arg))
