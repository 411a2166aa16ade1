-- DeltaBlue (Are We Fast Yet): an incremental dataflow constraint solver, chain test and
-- projection test with n = 20000. Twin of deltablue.kor (see there for the design, the mapping
-- to core features and the harness). Lua arrays are 1-based: index i of the Korlang program is
-- i + 1 here; queues keep a 1-based head index.

local N = 20000

-- Strengths: -10000 absolute strongest, -800 required, -600 strong preferred, -400 preferred,
-- -200 strong default, 0 default, 500 weak default, 10000 absolute weakest.
local function stronger(a, b) return a < b end
local function weaker(a, b) return a > b end
local function weakest(a, b)
    if weaker(b, a) then return b else return a end
end

local function new_variable(value)
    return { value = value, constraints = {}, determined_by = nil, mark = 0,
             walk_strength = 10000, stay = true }
end

local function add_constraint_to(v, c)
    local cs = v.constraints
    cs[#cs + 1] = c
end

local function remove_constraint_from(v, c)
    local kept = {}
    for _, x in ipairs(v.constraints) do
        if x ~= c then kept[#kept + 1] = x end
    end
    v.constraints = kept
    if v.determined_by == c then v.determined_by = nil end
end

local function is_unary(c) return c.kind < 2 end

local function is_input(c) return c.kind == 1 end

local function is_satisfied(c)
    if is_unary(c) then return c.satisfied else return c.direction ~= 0 end
end

local function add_to_graph(c)
    if is_unary(c) then
        add_constraint_to(c.v1, c)
        c.satisfied = false
    else
        add_constraint_to(c.v1, c)
        add_constraint_to(c.v2, c)
        if c.kind == 3 then
            add_constraint_to(c.scale, c)
            add_constraint_to(c.offset, c)
        end
        c.direction = 0
    end
end

local function remove_from_graph(c)
    if is_unary(c) then
        remove_constraint_from(c.v1, c)
        c.satisfied = false
    else
        remove_constraint_from(c.v1, c)
        remove_constraint_from(c.v2, c)
        if c.kind == 3 then
            remove_constraint_from(c.scale, c)
            remove_constraint_from(c.offset, c)
        end
        c.direction = 0
    end
end

-- Decides if the constraint can be satisfied (and in which direction) and records it.
local function choose_method(c, mark)
    if is_unary(c) then
        c.satisfied = c.v1.mark ~= mark and stronger(c.strength, c.v1.walk_strength)
    elseif c.v1.mark == mark then
        if c.v2.mark ~= mark and stronger(c.strength, c.v2.walk_strength) then
            c.direction = 1
        else
            c.direction = 0
        end
    elseif c.v2.mark == mark then
        if c.v1.mark ~= mark and stronger(c.strength, c.v1.walk_strength) then
            c.direction = 2
        else
            c.direction = 0
        end
    elseif weaker(c.v1.walk_strength, c.v2.walk_strength) then
        if stronger(c.strength, c.v1.walk_strength) then
            c.direction = 2
        else
            c.direction = 0
        end
    else
        if stronger(c.strength, c.v2.walk_strength) then
            c.direction = 1
        else
            c.direction = 0
        end
    end
end

local function execute(c)
    if c.kind == 2 then
        if c.direction == 1 then
            c.v2.value = c.v1.value
        else
            c.v1.value = c.v2.value
        end
    elseif c.kind == 3 then
        if c.direction == 1 then
            c.v2.value = c.v1.value * c.scale.value + c.offset.value
        else
            c.v1.value = (c.v2.value - c.offset.value) // c.scale.value
        end
    end
end

-- The input variable of a satisfied binary constraint.
local function input_of(c)
    if c.direction == 1 then return c.v1 else return c.v2 end
end

local function output_of(c)
    if is_unary(c) or c.direction ~= 1 then return c.v1 else return c.v2 end
end

local function mark_inputs(c, mark)
    if not is_unary(c) then
        local inp = input_of(c)
        inp.mark = mark
        if c.kind == 3 then
            c.scale.mark = mark
            c.offset.mark = mark
        end
    end
end

-- True if all current inputs are known: marked, stay, or not determined by any constraint.
-- (As in AWFY, a scale constraint checks only its main input here.)
local function inputs_known(c, mark)
    if is_unary(c) then return true end
    local v = input_of(c)
    return v.mark == mark or v.stay or v.determined_by == nil
end

local function mark_unsatisfied(c)
    if is_unary(c) then c.satisfied = false else c.direction = 0 end
end

-- Recomputes the walkabout strength and stay flag of the output, and its value if it is stay.
local function recalculate(c)
    if is_unary(c) then
        c.v1.walk_strength = c.strength
        c.v1.stay = not is_input(c)
        if c.v1.stay then execute(c) end
    else
        local input = input_of(c)
        local output = output_of(c)
        output.walk_strength = weakest(c.strength, input.walk_strength)
        if c.kind == 3 then
            output.stay = input.stay and c.scale.stay and c.offset.stay
        else
            output.stay = input.stay
        end
        if output.stay then execute(c) end
    end
end

local incremental_add, incremental_remove, add_propagate

-- Satisfies the constraint if it can; answers the constraint it overrides, if any.
local function satisfy(c, mark, planner)
    choose_method(c, mark)
    if is_satisfied(c) then
        mark_inputs(c, mark)
        local out = output_of(c)
        local overridden = out.determined_by
        if overridden ~= nil then mark_unsatisfied(overridden) end
        out.determined_by = c
        if not add_propagate(planner, c, mark) then error("Cycle encountered") end
        out.mark = mark
        return overridden
    else
        if c.strength == -800 then error("Could not satisfy a required constraint") end
        return nil
    end
end

local function add_constraint(c, planner)
    add_to_graph(c)
    incremental_add(planner, c)
end

local function destroy_constraint(c, planner)
    if is_satisfied(c) then incremental_remove(planner, c) end
    remove_from_graph(c)
end

local function new_constraint(kind, strength, v1, v2, scale, offset, planner)
    local c = { kind = kind, strength = strength, v1 = v1, v2 = v2, scale = scale,
                offset = offset, satisfied = false, direction = 0 }
    add_constraint(c, planner)
    return c
end

local function new_stay(v, strength, planner)
    return new_constraint(0, strength, v, v, v, v, planner)
end

local function new_edit(v, strength, planner)
    return new_constraint(1, strength, v, v, v, v, planner)
end

local function new_equality(v1, v2, strength, planner)
    return new_constraint(2, strength, v1, v2, v1, v1, planner)
end

local function new_scale(src, scale, offset, dest, strength, planner)
    return new_constraint(3, strength, src, dest, scale, offset, planner)
end

local function new_mark(planner)
    planner.current_mark = planner.current_mark + 1
    return planner.current_mark
end

incremental_add = function(planner, c)
    local mark = new_mark(planner)
    local overridden = satisfy(c, mark, planner)
    while overridden ~= nil do
        overridden = satisfy(overridden, mark, planner)
    end
end

local remove_propagate_from

incremental_remove = function(planner, c)
    local out = output_of(c)
    mark_unsatisfied(c)
    remove_from_graph(c)
    local unsatisfied = remove_propagate_from(planner, out)
    for _, u in ipairs(unsatisfied) do
        incremental_add(planner, u)
    end
end

local function add_constraints_consuming_to(v, coll)
    local determining = v.determined_by
    for _, c in ipairs(v.constraints) do
        if c ~= determining and is_satisfied(c) then coll[#coll + 1] = c end
    end
end

local function make_plan(planner, sources)
    local mark = new_mark(planner)
    local plan = {}
    local todo = sources
    local head = 1
    while head <= #todo do
        local c = todo[head]
        head = head + 1
        if output_of(c).mark ~= mark and inputs_known(c, mark) then
            local out = output_of(c)
            plan[#plan + 1] = c
            out.mark = mark
            add_constraints_consuming_to(out, todo)
        end
    end
    return plan
end

local function extract_plan_from_constraints(planner, constraints)
    local sources = {}
    for _, c in ipairs(constraints) do
        if is_input(c) and is_satisfied(c) then sources[#sources + 1] = c end
    end
    return make_plan(planner, sources)
end

local function execute_plan(plan)
    for _, c in ipairs(plan) do execute(c) end
end

-- Recalculates everything downstream of c; false (after removing c) if that meets a cycle.
add_propagate = function(planner, c, mark)
    local todo = { c }
    local head = 1
    while head <= #todo do
        local d = todo[head]
        head = head + 1
        if output_of(d).mark == mark then
            incremental_remove(planner, c)
            return false
        end
        recalculate(d)
        add_constraints_consuming_to(output_of(d), todo)
    end
    return true
end

-- The unsatisfied constraints downstream of out, strongest first.
remove_propagate_from = function(planner, out)
    local unsatisfied = {}
    out.determined_by = nil
    out.walk_strength = 10000
    out.stay = true
    local todo = { out }
    local head = 1
    while head <= #todo do
        local v = todo[head]
        head = head + 1
        for _, c in ipairs(v.constraints) do
            if not is_satisfied(c) then unsatisfied[#unsatisfied + 1] = c end
        end
        local determining = v.determined_by
        for _, c in ipairs(v.constraints) do
            if c ~= determining and is_satisfied(c) then
                recalculate(c)
                todo[#todo + 1] = output_of(c)
            end
        end
    end
    for i = 2, #unsatisfied do
        local c = unsatisfied[i]
        local j = i - 1
        while j >= 1 and stronger(c.strength, unsatisfied[j].strength) do
            unsatisfied[j + 1] = unsatisfied[j]
            j = j - 1
        end
        unsatisfied[j + 1] = c
    end
    return unsatisfied
end

local function change(planner, v, new_value)
    local edit = new_edit(v, -400, planner)
    local plan = extract_plan_from_constraints(planner, { edit })
    for _ = 1, 10 do
        v.value = new_value
        execute_plan(plan)
    end
    destroy_constraint(edit, planner)
end

-- A chain of n equality constraints with a stay constraint on one end; an edit constraint on
-- the other end must propagate down the whole chain.
local function chain_test(n)
    local planner = { current_mark = 1 }
    local vars = {}
    for i = 0, n do
        vars[i + 1] = new_variable(0)
    end
    for i = 0, n - 1 do
        new_equality(vars[i + 1], vars[i + 2], -800, planner)
    end
    new_stay(vars[n + 1], -200, planner)
    local edit = new_edit(vars[1], -400, planner)
    local plan = extract_plan_from_constraints(planner, { edit })
    local first = vars[1]
    local ok = true
    for i = 0, 99 do
        first.value = i
        execute_plan(plan)
        if vars[n + 1].value ~= i then ok = false end
    end
    destroy_constraint(edit, planner)
    return ok
end

-- Two sets of n variables related by a scale and offset; changes on either side and of the
-- scale and offset must propagate.
local function projection_test(n)
    local planner = { current_mark = 1 }
    local dests = {}
    local scale = new_variable(10)
    local offset = new_variable(1000)
    local src = new_variable(0)
    local dst = new_variable(0)
    for i = 1, n do
        src = new_variable(i)
        dst = new_variable(i)
        dests[#dests + 1] = dst
        new_stay(src, 0, planner)
        new_scale(src, scale, offset, dst, -800, planner)
    end
    local ok = true
    change(planner, src, 17)
    if dst.value ~= 1170 then ok = false end
    change(planner, dst, 1050)
    if src.value ~= 5 then ok = false end
    change(planner, scale, 5)
    for i = 0, n - 2 do
        if dests[i + 1].value ~= (i + 1) * 5 + 1000 then ok = false end
    end
    change(planner, offset, 2000)
    for i = 0, n - 2 do
        if dests[i + 1].value ~= (i + 1) * 5 + 2000 then ok = false end
    end
    return ok
end

local function benchmark(n)
    local result = ""
    if chain_test(n) then result = result .. "chain ok" else result = result .. "chain FAILED" end
    if projection_test(n) then result = result .. ", projection ok" else result = result .. ", projection FAILED" end
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
        print("usage: deltablue [iterations >= 1]")
        return 64
    end
    local expected = "chain ok, projection ok"
    local result = ""
    for i = 1, iterations do
        local start = now_ms()
        result = benchmark(N)
        print("deltablue: iteration " .. i .. ": " .. (now_ms() - start) .. " ms")
        if result ~= expected then
            print("deltablue: FAILED: " .. result)
            return 1
        end
    end
    print("deltablue: n = " .. N .. ": " .. result)
    return 0
end

os.exit(main(arg))
