-- mandelbrot (Benchmarks Game), 2000 x 2000. Twin of mandelbrot.kor (see there for the design and
-- the harness).

local SIZE = 2000

local function benchmark(size)
    local checksum = 0
    local bits = 0
    local bit_num = 0
    for y = 0, size - 1 do
        local ci = 2.0 * y / size - 1.0
        for x = 0, size - 1 do
            local cr = 2.0 * x / size - 1.5
            local zr = 0.0
            local zi = 0.0
            local tr = 0.0
            local ti = 0.0
            local i = 0
            while i < 50 and tr + ti <= 4.0 do
                zi = 2.0 * zr * zi + ci
                zr = tr - ti + cr
                tr = zr * zr
                ti = zi * zi
                i = i + 1
            end
            bits = bits << 1
            if tr + ti <= 4.0 then bits = bits | 1 end
            bit_num = bit_num + 1
            if bit_num == 8 or x == size - 1 then
                if bit_num ~= 8 then bits = bits << (8 - bit_num) end
                checksum = (checksum * 31 + bits) % 1000000007
                bits = 0
                bit_num = 0
            end
        end
    end
    return checksum
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
        print("usage: mandelbrot [iterations >= 1]")
        return 64
    end
    local expected = 672723609
    if benchmark(201) ~= 882947533 then
        print("mandelbrot: FAILED: 201x201 (rows padded to whole bytes) gives the wrong checksum")
        return 1
    end
    local result = 0
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(SIZE)
        print("mandelbrot: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("mandelbrot: FAILED: checksum " .. result .. ", expected " .. expected)
            return 1
        end
    end
    print("mandelbrot: " .. SIZE .. "x" .. SIZE .. " checksum " .. result .. " ok")
    return 0
end

os.exit(main(arg))
