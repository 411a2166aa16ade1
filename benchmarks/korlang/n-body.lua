-- n-body (Benchmarks Game): the Jovian planets, 1,000,000 steps of 0.01. Twin of n-body.kor (see
-- there for the design and the harness); a body is a table with named fields.

local STEPS = 1000000

local SOLAR_MASS = 4 * math.pi * math.pi
local DAYS_PER_YEAR = 365.24

local function body(x, y, z, vx, vy, vz, mass)
    return { x = x, y = y, z = z, vx = vx, vy = vy, vz = vz, mass = mass }
end

local function create_bodies()
    return {
        -- sun
        body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, SOLAR_MASS),
        -- jupiter
        body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
             1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
             -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS),
        -- saturn
        body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
             -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
             2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS),
        -- uranus
        body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
             2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
             -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS),
        -- neptune
        body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
             2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
             -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS),
    }
end

local function offset_momentum(bodies)
    local px, py, pz = 0.0, 0.0, 0.0
    for i = 1, #bodies do
        local b = bodies[i]
        px = px + b.vx * b.mass
        py = py + b.vy * b.mass
        pz = pz + b.vz * b.mass
    end
    local sun = bodies[1]
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS
end

local function advance(bodies, dt)
    local n = #bodies
    for i = 1, n do
        local bi = bodies[i]
        for j = i + 1, n do
            local bj = bodies[j]
            local dx = bi.x - bj.x
            local dy = bi.y - bj.y
            local dz = bi.z - bj.z
            local dsq = dx * dx + dy * dy + dz * dz
            local distance = math.sqrt(dsq)
            local mag = dt / (dsq * distance)
            bi.vx = bi.vx - dx * bj.mass * mag
            bi.vy = bi.vy - dy * bj.mass * mag
            bi.vz = bi.vz - dz * bj.mass * mag
            bj.vx = bj.vx + dx * bi.mass * mag
            bj.vy = bj.vy + dy * bi.mass * mag
            bj.vz = bj.vz + dz * bi.mass * mag
        end
    end
    for i = 1, n do
        local b = bodies[i]
        b.x = b.x + dt * b.vx
        b.y = b.y + dt * b.vy
        b.z = b.z + dt * b.vz
    end
end

local function energy(bodies)
    local e = 0.0
    local n = #bodies
    for i = 1, n do
        local bi = bodies[i]
        e = e + 0.5 * bi.mass * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz)
        for j = i + 1, n do
            local bj = bodies[j]
            local dx = bi.x - bj.x
            local dy = bi.y - bj.y
            local dz = bi.z - bj.z
            e = e - (bi.mass * bj.mass) / math.sqrt(dx * dx + dy * dy + dz * dz)
        end
    end
    return e
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

local function benchmark(steps)
    local bodies = create_bodies()
    offset_momentum(bodies)
    local before = fixed9(energy(bodies))
    for _ = 1, steps do
        advance(bodies, 0.01)
    end
    return before .. "\n" .. fixed9(energy(bodies))
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
        print("usage: n-body [iterations >= 1]")
        return 64
    end
    local expected = "-0.169075164\n-0.169086185"
    if benchmark(1000) ~= "-0.169075164\n-0.169087605" then
        print("n-body: FAILED: 1000 steps do not give the published output")
        return 1
    end
    local result = ""
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(STEPS)
        print("n-body: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("n-body: FAILED: got " .. result .. ", expected " .. expected)
            return 1
        end
    end
    print(result)
    print("n-body: " .. STEPS .. " steps ok")
    return 0
end

os.exit(main(arg))
