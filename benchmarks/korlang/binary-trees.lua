-- binary-trees (Benchmarks Game), depth 16. Twin of binary-trees.kor (see there for the design
-- and the harness); a tree node is a table with the fields left and right.

local function bottom_up_tree(depth)
    if depth > 0 then
        return { left = bottom_up_tree(depth - 1), right = bottom_up_tree(depth - 1) }
    else
        return { left = nil, right = nil }
    end
end

local function item_check(node)
    local left = node.left
    if left == nil then
        return 1
    else
        return 1 + item_check(left) + item_check(node.right)
    end
end

local function benchmark(n)
    local min_depth = 4
    local max_depth = n
    if min_depth + 2 > n then max_depth = min_depth + 2 end
    local lines = {}
    local stretch_depth = max_depth + 1
    lines[#lines + 1] = "stretch tree of depth " .. stretch_depth .. "\t check: " .. item_check(bottom_up_tree(stretch_depth))
    local long_lived_tree = bottom_up_tree(max_depth)
    local depth = min_depth
    while depth <= max_depth do
        local iterations = 1 << (max_depth - depth + min_depth)
        local check = 0
        for _ = 1, iterations do
            check = check + item_check(bottom_up_tree(depth))
        end
        lines[#lines + 1] = iterations .. "\t trees of depth " .. depth .. "\t check: " .. check
        depth = depth + 2
    end
    lines[#lines + 1] = "long lived tree of depth " .. max_depth .. "\t check: " .. item_check(long_lived_tree)
    return lines
end

-- The same lines computed from the formulas: a full tree of depth d has 2^(d+1) - 1 nodes.
local function expected_lines(n)
    local min_depth = 4
    local max_depth = n
    if min_depth + 2 > n then max_depth = min_depth + 2 end
    local lines = {}
    lines[#lines + 1] = "stretch tree of depth " .. (max_depth + 1) .. "\t check: " .. ((1 << (max_depth + 2)) - 1)
    local depth = min_depth
    while depth <= max_depth do
        local iterations = 1 << (max_depth - depth + min_depth)
        lines[#lines + 1] = iterations .. "\t trees of depth " .. depth .. "\t check: " .. (iterations * ((1 << (depth + 1)) - 1))
        depth = depth + 2
    end
    lines[#lines + 1] = "long lived tree of depth " .. max_depth .. "\t check: " .. ((1 << (max_depth + 1)) - 1)
    return lines
end

local function same_lines(a, b)
    if #a ~= #b then return false end
    for i = 1, #a do
        if a[i] ~= b[i] then return false end
    end
    return true
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
        print("usage: binary-trees [iterations >= 1]")
        return 64
    end
    local expected = expected_lines(16)
    local result = {}
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(16)
        print("binary-trees: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if not same_lines(result, expected) then
            print("binary-trees: FAILED: output differs from the expected lines")
            return 1
        end
    end
    for _, line in ipairs(result) do print(line) end
    print("binary-trees: depth 16 ok")
    return 0
end

os.exit(main(arg))
