# DeltaBlue (Are We Fast Yet): an incremental dataflow constraint solver, chain test and
# projection test with n = 20000. Twin of deltablue.kor (see there for the design, the mapping to
# core features and the harness); structs are classes with slots, methods are module functions.
import sys
import time

N = 20000


# Strengths: -10000 absolute strongest, -800 required, -600 strong preferred, -400 preferred,
# -200 strong default, 0 default, 500 weak default, 10000 absolute weakest.
def stronger(a, b):
    return a < b


def weaker(a, b):
    return a > b


def weakest(a, b):
    if weaker(b, a):
        return b
    else:
        return a


class Variable:
    __slots__ = ("value", "constraints", "determined_by", "mark", "walk_strength", "stay")

    def __init__(self, value):
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = 10000
        self.stay = True


class Constraint:
    __slots__ = ("kind", "strength", "v1", "v2", "scale", "offset", "satisfied", "direction")

    def __init__(self, kind, strength, v1, v2, scale, offset):
        self.kind = kind  # 0 stay, 1 edit, 2 equality, 3 scale
        self.strength = strength
        self.v1 = v1  # unary: the output; binary: the first variable; scale: the source
        self.v2 = v2  # binary: the second variable; scale: the destination
        self.scale = scale  # scale only
        self.offset = offset  # scale only
        self.satisfied = False  # unary only
        self.direction = 0  # binary only: 0 none, 1 forward, 2 backward


class Planner:
    __slots__ = ("current_mark",)

    def __init__(self):
        self.current_mark = 1


def add_constraint_to(v, c):
    v.constraints.append(c)


def remove_constraint_from(v, c):
    kept = []
    for x in v.constraints:
        if x is not c:
            kept.append(x)
    v.constraints = kept
    if v.determined_by is c:
        v.determined_by = None


def is_unary(c):
    return c.kind < 2


def is_input(c):
    return c.kind == 1


def is_satisfied(c):
    if is_unary(c):
        return c.satisfied
    else:
        return c.direction != 0


def add_to_graph(c):
    if is_unary(c):
        add_constraint_to(c.v1, c)
        c.satisfied = False
    else:
        add_constraint_to(c.v1, c)
        add_constraint_to(c.v2, c)
        if c.kind == 3:
            add_constraint_to(c.scale, c)
            add_constraint_to(c.offset, c)
        c.direction = 0


def remove_from_graph(c):
    if is_unary(c):
        remove_constraint_from(c.v1, c)
        c.satisfied = False
    else:
        remove_constraint_from(c.v1, c)
        remove_constraint_from(c.v2, c)
        if c.kind == 3:
            remove_constraint_from(c.scale, c)
            remove_constraint_from(c.offset, c)
        c.direction = 0


# Decides if the constraint can be satisfied (and in which direction) and records it.
def choose_method(c, mark):
    if is_unary(c):
        c.satisfied = c.v1.mark != mark and stronger(c.strength, c.v1.walk_strength)
    elif c.v1.mark == mark:
        if c.v2.mark != mark and stronger(c.strength, c.v2.walk_strength):
            c.direction = 1
        else:
            c.direction = 0
    elif c.v2.mark == mark:
        if c.v1.mark != mark and stronger(c.strength, c.v1.walk_strength):
            c.direction = 2
        else:
            c.direction = 0
    elif weaker(c.v1.walk_strength, c.v2.walk_strength):
        if stronger(c.strength, c.v1.walk_strength):
            c.direction = 2
        else:
            c.direction = 0
    else:
        if stronger(c.strength, c.v2.walk_strength):
            c.direction = 1
        else:
            c.direction = 0


def execute(c):
    if c.kind == 2:
        if c.direction == 1:
            c.v2.value = c.v1.value
        else:
            c.v1.value = c.v2.value
    elif c.kind == 3:
        if c.direction == 1:
            c.v2.value = c.v1.value * c.scale.value + c.offset.value
        else:
            c.v1.value = (c.v2.value - c.offset.value) // c.scale.value


# The input variable of a satisfied binary constraint.
def input_of(c):
    if c.direction == 1:
        return c.v1
    else:
        return c.v2


def output_of(c):
    if is_unary(c) or c.direction != 1:
        return c.v1
    else:
        return c.v2


def mark_inputs(c, mark):
    if not is_unary(c):
        inp = input_of(c)
        inp.mark = mark
        if c.kind == 3:
            c.scale.mark = mark
            c.offset.mark = mark


# True if all current inputs are known: marked, stay, or not determined by any constraint.
# (As in AWFY, a scale constraint checks only its main input here.)
def inputs_known(c, mark):
    if is_unary(c):
        return True
    v = input_of(c)
    return v.mark == mark or v.stay or v.determined_by is None


def mark_unsatisfied(c):
    if is_unary(c):
        c.satisfied = False
    else:
        c.direction = 0


# Recomputes the walkabout strength and stay flag of the output, and its value if it is stay.
def recalculate(c):
    if is_unary(c):
        c.v1.walk_strength = c.strength
        c.v1.stay = not is_input(c)
        if c.v1.stay:
            execute(c)
    else:
        input_ = input_of(c)
        output = output_of(c)
        output.walk_strength = weakest(c.strength, input_.walk_strength)
        if c.kind == 3:
            output.stay = input_.stay and c.scale.stay and c.offset.stay
        else:
            output.stay = input_.stay
        if output.stay:
            execute(c)


# Satisfies the constraint if it can; answers the constraint it overrides, if any.
def satisfy(c, mark, planner):
    choose_method(c, mark)
    if is_satisfied(c):
        mark_inputs(c, mark)
        out = output_of(c)
        overridden = out.determined_by
        if overridden is not None:
            mark_unsatisfied(overridden)
        out.determined_by = c
        if not add_propagate(planner, c, mark):
            raise Exception("Cycle encountered")
        out.mark = mark
        return overridden
    else:
        if c.strength == -800:
            raise Exception("Could not satisfy a required constraint")
        return None


def add_constraint(c, planner):
    add_to_graph(c)
    incremental_add(planner, c)


def destroy_constraint(c, planner):
    if is_satisfied(c):
        incremental_remove(planner, c)
    remove_from_graph(c)


def new_constraint(kind, strength, v1, v2, scale, offset, planner):
    c = Constraint(kind, strength, v1, v2, scale, offset)
    add_constraint(c, planner)
    return c


def new_stay(v, strength, planner):
    return new_constraint(0, strength, v, v, v, v, planner)


def new_edit(v, strength, planner):
    return new_constraint(1, strength, v, v, v, v, planner)


def new_equality(v1, v2, strength, planner):
    return new_constraint(2, strength, v1, v2, v1, v1, planner)


def new_scale(src, scale, offset, dest, strength, planner):
    return new_constraint(3, strength, src, dest, scale, offset, planner)


def new_mark(planner):
    planner.current_mark = planner.current_mark + 1
    return planner.current_mark


def incremental_add(planner, c):
    mark = new_mark(planner)
    overridden = satisfy(c, mark, planner)
    while overridden is not None:
        overridden = satisfy(overridden, mark, planner)


def incremental_remove(planner, c):
    out = output_of(c)
    mark_unsatisfied(c)
    remove_from_graph(c)
    unsatisfied = remove_propagate_from(planner, out)
    for u in unsatisfied:
        incremental_add(planner, u)


def add_constraints_consuming_to(v, coll):
    determining = v.determined_by
    for c in v.constraints:
        if c is not determining and is_satisfied(c):
            coll.append(c)


def extract_plan_from_constraints(planner, constraints):
    sources = []
    for c in constraints:
        if is_input(c) and is_satisfied(c):
            sources.append(c)
    return make_plan(planner, sources)


def make_plan(planner, sources):
    mark = new_mark(planner)
    plan = []
    todo = sources
    head = 0
    while head < len(todo):
        c = todo[head]
        head = head + 1
        if output_of(c).mark != mark and inputs_known(c, mark):
            out = output_of(c)
            plan.append(c)
            out.mark = mark
            add_constraints_consuming_to(out, todo)
    return plan


def execute_plan(plan):
    for c in plan:
        execute(c)


# Recalculates everything downstream of c; false (after removing c) if that meets a cycle.
def add_propagate(planner, c, mark):
    todo = [c]
    head = 0
    while head < len(todo):
        d = todo[head]
        head = head + 1
        if output_of(d).mark == mark:
            incremental_remove(planner, c)
            return False
        recalculate(d)
        add_constraints_consuming_to(output_of(d), todo)
    return True


# The unsatisfied constraints downstream of out, strongest first.
def remove_propagate_from(planner, out):
    unsatisfied = []
    out.determined_by = None
    out.walk_strength = 10000
    out.stay = True
    todo = [out]
    head = 0
    while head < len(todo):
        v = todo[head]
        head = head + 1
        for c in v.constraints:
            if not is_satisfied(c):
                unsatisfied.append(c)
        determining = v.determined_by
        for c in v.constraints:
            if c is not determining and is_satisfied(c):
                recalculate(c)
                todo.append(output_of(c))
    for i in range(1, len(unsatisfied)):
        c = unsatisfied[i]
        j = i - 1
        while j >= 0 and stronger(c.strength, unsatisfied[j].strength):
            unsatisfied[j + 1] = unsatisfied[j]
            j = j - 1
        unsatisfied[j + 1] = c
    return unsatisfied


def change(planner, v, new_value):
    edit = new_edit(v, -400, planner)
    plan = extract_plan_from_constraints(planner, [edit])
    for _ in range(10):
        v.value = new_value
        execute_plan(plan)
    destroy_constraint(edit, planner)


# A chain of n equality constraints with a stay constraint on one end; an edit constraint on
# the other end must propagate down the whole chain.
def chain_test(n):
    planner = Planner()
    vars_ = []
    for _ in range(n + 1):
        vars_.append(Variable(0))
    for i in range(n):
        new_equality(vars_[i], vars_[i + 1], -800, planner)
    new_stay(vars_[n], -200, planner)
    edit = new_edit(vars_[0], -400, planner)
    plan = extract_plan_from_constraints(planner, [edit])
    first = vars_[0]
    ok = True
    for i in range(100):
        first.value = i
        execute_plan(plan)
        if vars_[n].value != i:
            ok = False
    destroy_constraint(edit, planner)
    return ok


# Two sets of n variables related by a scale and offset; changes on either side and of the
# scale and offset must propagate.
def projection_test(n):
    planner = Planner()
    dests = []
    scale = Variable(10)
    offset = Variable(1000)
    src = Variable(0)
    dst = Variable(0)
    for i in range(1, n + 1):
        src = Variable(i)
        dst = Variable(i)
        dests.append(dst)
        new_stay(src, 0, planner)
        new_scale(src, scale, offset, dst, -800, planner)
    ok = True
    change(planner, src, 17)
    if dst.value != 1170:
        ok = False
    change(planner, dst, 1050)
    if src.value != 5:
        ok = False
    change(planner, scale, 5)
    for i in range(n - 1):
        if dests[i].value != (i + 1) * 5 + 1000:
            ok = False
    change(planner, offset, 2000)
    for i in range(n - 1):
        if dests[i].value != (i + 1) * 5 + 2000:
            ok = False
    return ok


def benchmark(n):
    result = ""
    if chain_test(n):
        result = result + "chain ok"
    else:
        result = result + "chain FAILED"
    if projection_test(n):
        result = result + ", projection ok"
    else:
        result = result + ", projection FAILED"
    return result


def parse_iterations(args):
    if len(args) == 0:
        return 1
    n = 0
    for c in args[0]:
        d = ord(c) - ord("0")
        if d < 0 or d > 9:
            return -1
        n = n * 10 + d
    return n


def main(args):
    iterations = parse_iterations(args)
    if iterations < 1:
        print("usage: deltablue [iterations >= 1]")
        return 64
    expected = "chain ok, projection ok"
    result = ""
    for i in range(1, iterations + 1):
        start = time.perf_counter()
        result = benchmark(N)
        print(f"deltablue: iteration {i}: {int((time.perf_counter() - start) * 1000)} ms")
        if result != expected:
            print(f"deltablue: FAILED: {result}")
            return 1
    print(f"deltablue: n = {N}: {result}")
    return 0


sys.exit(main(sys.argv[1:]))
