-- fannkuch-redux (Benchmarks Game), n = 10. Twin of fannkuch-redux.kor (see there for the
-- design and the harness); arrays are 1-based in Lua: element i of the Korlang program is a[i + 1]
-- (the values stay 0-based).

local N = 10

local function benchmark(n)
    local perm = {}
    local perm1 = {}
    local count = {}
    for i = 0, n - 1 do
        perm[i + 1] = 0
        perm1[i + 1] = i
        count[i + 1] = 0
    end
    local max_flips = 0
    local checksum = 0
    local perm_count = 0
    local r = n
    local result = ""
    local running = true
    while running do
        while r ~= 1 do
            count[r] = r
            r = r - 1
        end
        for i = 0, n - 1 do
            perm[i + 1] = perm1[i + 1]
        end
        local flips = 0
        local k = perm[1]
        while k ~= 0 do
            local lo = 0
            local hi = k
            while lo < hi do
                local t = perm[lo + 1]
                perm[lo + 1] = perm[hi + 1]
                perm[hi + 1] = t
                lo = lo + 1
                hi = hi - 1
            end
            flips = flips + 1
            k = perm[1]
        end
        if flips > max_flips then max_flips = flips end
        if perm_count % 2 == 0 then
            checksum = checksum + flips
        else
            checksum = checksum - flips
        end
        -- next permutation: rotate the first r + 1 elements while the counter of r runs out
        local advancing = true
        while advancing do
            if r == n then
                result = checksum .. "\nPfannkuchen(" .. n .. ") = " .. max_flips
                running = false
                advancing = false
            else
                local perm0 = perm1[1]
                for i = 0, r - 1 do
                    perm1[i + 1] = perm1[i + 2]
                end
                perm1[r + 1] = perm0
                count[r + 1] = count[r + 1] - 1
                if count[r + 1] > 0 then
                    advancing = false
                else
                    r = r + 1
                end
            end
        end
        perm_count = perm_count + 1
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
        print("usage: fannkuch-redux [iterations >= 1]")
        return 64
    end
    local expected = "73196\nPfannkuchen(10) = 38"
    if benchmark(7) ~= "228\nPfannkuchen(7) = 16" then
        print("fannkuch-redux: FAILED: n = 7 does not give the published output")
        return 1
    end
    local result = ""
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(N)
        print("fannkuch-redux: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("fannkuch-redux: FAILED: got " .. result .. ", expected " .. expected)
            return 1
        end
    end
    print(result)
    print("fannkuch-redux: n = " .. N .. " ok")
    return 0
end

os.exit(main(arg))
