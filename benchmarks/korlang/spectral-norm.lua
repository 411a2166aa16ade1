-- spectral-norm (Benchmarks Game), n = 1000. Twin of spectral-norm.kor (see there for the design
-- and the harness); vectors are Lua arrays (1-based: element i of the Korlang program is v[i + 1]).

local N = 1000

local function eval_a(i, j)
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)
end

local function mul_av(n, v, av)
    for i = 0, n - 1 do
        local sum = 0.0
        for j = 0, n - 1 do
            sum = sum + eval_a(i, j) * v[j + 1]
        end
        av[i + 1] = sum
    end
end

local function mul_atv(n, v, atv)
    for i = 0, n - 1 do
        local sum = 0.0
        for j = 0, n - 1 do
            sum = sum + eval_a(j, i) * v[j + 1]
        end
        atv[i + 1] = sum
    end
end

local function mul_atav(n, v, atav, tmp)
    mul_av(n, v, tmp)
    mul_atv(n, tmp, atav)
end

local function float_array(n, x)
    local a = {}
    for i = 1, n do a[i] = x end
    return a
end

-- %.9f with integer arithmetic only, the same in every twin (Korlang has no printf).
local function fixed9(x)
    local sign = ""
    local v = x
    if v < 0.0 then
        sign = "-"
        v = -v
    end
    local scaled = math.floor(v * 1000000000.0 + 0.5)
    local frac = scaled % 1000000000
    local pad = ""
    local limit = 100000000
    while limit > 1 and frac < limit do
        pad = pad .. "0"
        limit = limit // 10
    end
    return sign .. (scaled // 1000000000) .. "." .. pad .. frac
end

local function benchmark(n)
    local u = float_array(n, 1.0)
    local v = float_array(n, 0.0)
    local tmp = float_array(n, 0.0)
    for _ = 1, 10 do
        mul_atav(n, u, v, tmp)
        mul_atav(n, v, u, tmp)
    end
    local vbv = 0.0
    local vv = 0.0
    for i = 0, n - 1 do
        vbv = vbv + u[i + 1] * v[i + 1]
        vv = vv + v[i + 1] * v[i + 1]
    end
    return fixed9(math.sqrt(vbv / vv))
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
        print("usage: spectral-norm [iterations >= 1]")
        return 64
    end
    local expected = "1.274224148"
    if benchmark(100) ~= "1.274219991" then
        print("spectral-norm: FAILED: n = 100 does not give the published output")
        return 1
    end
    local result = ""
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(N)
        print("spectral-norm: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("spectral-norm: FAILED: got " .. result .. ", expected " .. expected)
            return 1
        end
    end
    print(result)
    print("spectral-norm: n = " .. N .. " ok")
    return 0
end

os.exit(main(arg))
