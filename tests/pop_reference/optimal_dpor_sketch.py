#!/usr/bin/env python3
"""Optimal DPOR (Abdulla, Aronis, Jonsson, Sagonas, JACM 2017, Algorithm 2) restated in a
hundred lines over one toy program, to study a trace weft's `dpor` used to miss
(tests/pop_reference/weft_agreement_test.cpp).

Races are reversed at the end of each maximal execution E: for each race e, e' of E,
v = notdep(e, E).e' (notdep: every step of E after e that does not happen after it), skipped
when a thread asleep at E' = pre(E, e) is a weak initial of v (an initial of v, or absent from
v and independent of all of it), inserted into the wake-up tree of E' otherwise. A new state
takes the leftmost wake-up branch, or else the thread the `order` argument names among the
awake enabled ones. It is not part of the test suite.

  tests/pop_reference/optimal_dpor_sketch.py low|high|cur [cut] [new]

All three orders find the program's 90 traces in 90 executions. `cut` reads the algorithm as
weft's dpor did until stop 56, ending notdep(e) at e': with `cur` (keep the running thread,
as dpor does) it misses one trace. `new` reverses only the races whose second step is new in
E (dpor's shortcut until stop 56); with the full notdep(e) it loses traces on larger programs
(12 of 4,777 on the one in weft_agreement_test.cpp's longer test), though not on this one.
The brute-force count of traces is printed beside.
"""
import sys

PROGRAM = {1: [('w', 'x'), ('w', 'z')], 2: [('r', 'x'), ('r', 'z')],
           3: [('w', 'y'), ('w', 'x')], 4: [('r', 'x'), ('w', 'y'), ('w', 'y'), ('r', 'y')]}
ORDER = sys.argv[1] if len(sys.argv) > 1 else 'cur'
CUT = 'cut' in sys.argv[2:]
NEW_ONLY = 'new' in sys.argv[2:]


def dep(a, b):  # events are (thread, index)
    if a[0] == b[0]:
        return True
    oa, ob = PROGRAM[a[0]][a[1]], PROGRAM[b[0]][b[1]]
    return oa[1] == ob[1] and 'w' in (oa[0], ob[0])


def next_event(E, t):
    i = sum(1 for e in E if e[0] == t)
    return (t, i) if i < len(PROGRAM[t]) else None


def enabled(E):
    return [t for t in sorted(PROGRAM) if next_event(E, t)]


def happens_before(E):
    n = len(E)
    h = [[False] * n for _ in range(n)]
    for j in range(n):
        for i in reversed(range(j)):  # h[k][j] for k > i is final when h[i][j] reads it
            h[i][j] = dep(E[i], E[j]) or any(h[i][k] and h[k][j] for k in range(i + 1, j))
    return h


def trace_key(E):  # the lexicographically least linearisation's threads
    rest, out = list(range(len(E))), []
    while rest:
        best = min((i for i in rest if all(not dep(E[k], E[i]) for k in rest if k < i)), key=lambda i: E[i][0])
        out.append(E[best][0])
        rest.remove(best)
    return tuple(out)


def weak_initial(p, p_event, v):
    h = happens_before(v)
    for k, e in enumerate(v):
        if e[0] == p:
            return not any(h[j][k] for j in range(k))
    return all(not dep(p_event, e) for e in v)


class Tree:
    def __init__(self):
        self.children = []  # (event, Tree), leftmost first


def insert(root, v):
    node, v, at_root = root, list(v), True
    while v and (node.children or at_root):
        for event, sub in node.children:
            if weak_initial(event[0], event, v):
                v = [e for k, e in enumerate(v) if k != next((k for k, e in enumerate(v) if e[0] == event[0]), -1)]
                node, at_root = sub, False
                break
        else:
            for e in v:
                sub = Tree()
                node.children.append((e, sub))
                node = sub
            return


executions, trees, sleeps, previous = [], {}, {}, []


def explore(E, sleep, tree, running):
    if not enabled(E):
        executions.append(trace_key(E))
        fresh = 0  # E's steps before this one are those of the previous execution
        while fresh < min(len(E), len(previous)) and E[fresh] == previous[fresh]:
            fresh += 1
        previous[:] = E
        h = happens_before(E)
        for j in range(fresh if NEW_ONLY else 0, len(E)):
            for i in range(j):
                if E[i][0] == E[j][0] or not dep(E[i], E[j]) or any(h[i][k] and h[k][j] for k in range(i + 1, j)):
                    continue
                v = [E[k] for k in range(i + 1, j if CUT else len(E)) if not h[i][k]] + [E[j]]
                if not any(weak_initial(p, pe, v) for p, pe in sleeps[i].items()):
                    insert(trees[i], v)
        return
    d = len(E)
    if not tree.children:
        awake = [t for t in enabled(E) if t not in sleep]
        if not awake:
            return  # sleep-set blocked
        pick = {'low': min(awake), 'high': max(awake)}.get(ORDER, running if running in awake else min(awake))
        tree.children.append((next_event(E, pick), Tree()))
    trees[d], sleeps[d] = tree, dict(sleep)
    while trees[d].children:
        event, sub = trees[d].children[0]
        explore(E + [event], {q: e for q, e in sleeps[d].items() if not dep(event, e)}, sub, event[0])
        sleeps[d][event[0]] = event
        trees[d].children.pop(0)


def all_traces(E, out):
    if not enabled(E):
        out.add(trace_key(E))
    for t in enabled(E):
        all_traces(E + [next_event(E, t)], out)
    return out


explore([], {}, Tree(), 1)
truth = all_traces([], set())
print(f"{ORDER}{' cut' if CUT else ''}{' new' if NEW_ONLY else ''}: {len(executions)} executions, {len(set(executions))} traces "
      f"of {len(truth)}; missed: {sorted(truth - set(executions))}")
