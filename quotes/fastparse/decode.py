"""The parser's tree decoder (Chu-Liu-Edmonds), stanza's algorithm with cheaper steps.

Stanza's ``chuliu_edmonds`` module finds cycles with a general Tarjan
search and contracts them with ``np.pad``; this module keeps its own copy of
the search loop, so that stanza's module is never changed, with the
cheaper cycle walk (:func:`functional_cycles`) and contraction
(:func:`process_cycle`), and :func:`one_root_tree`, which usually skips the
one-root detour. Stanza's ``prepare_scores`` and
``expand_contracted_tree`` are called as they are.
"""

from __future__ import annotations

from typing import Any


def functional_cycles(tree: Any) -> list[Any]:
    """The cycles of a head array (every node has one head): stanza's ``tarjan`` answer in linear time.

    In a graph where each node has exactly one outgoing edge the strongly
    connected components of more than one node are exactly the cycles, which
    a walk along the heads finds directly. The maximum spanning tree the
    decoder returns does not depend on which cycle it contracts first.
    """
    import numpy as np

    heads = tree.tolist()
    n = len(heads)
    state = [0] * n  # 0 unseen, 1 on the current walk, 2 done
    cycles = []
    for start in range(n):
        path = []
        node = start
        while state[node] == 0:
            state[node] = 1
            path.append(node)
            node = heads[node]
        if state[node] == 1:
            loop = path[path.index(node):]
            if len(loop) > 1:
                mask = np.zeros(n, dtype=bool)
                mask[loop] = True
                cycles.append(mask)
        for visited in path:
            state[visited] = 2
    return cycles


def process_cycle(tree: Any, cycle: Any, scores: Any) -> tuple[Any, Any, Any, Any, Any]:
    """Contract one cycle of the decoder's tree: stanza's ``process_cycle`` values, without ``np.pad``.

    Returns the scores of the graph with the cycle as one node (last row and
    column), the cycle's and the other nodes' positions, and for the new
    node its best head among the others and its best dependent in the cycle
    for each other node.
    """
    import numpy as np

    cycle_locs = np.flatnonzero(cycle)
    cycle_scores = scores[cycle, tree[cycle]]
    cycle_score = cycle_scores.sum()
    noncycle = np.logical_not(cycle)
    noncycle_locs = np.flatnonzero(noncycle)
    head_scores = scores[cycle][:, noncycle] - cycle_scores[:, None] + cycle_score
    dep_scores = scores[noncycle][:, cycle]
    heads = np.argmax(head_scores, axis=0)
    deps = np.argmax(dep_scores, axis=1)
    n = len(noncycle_locs)
    sub = np.zeros((n + 1, n + 1), dtype=scores.dtype)
    sub[:n, :n] = scores[np.ix_(noncycle_locs, noncycle_locs)]
    rows = np.arange(n)
    sub[-1, :-1] = head_scores[heads, rows]
    sub[:-1, -1] = dep_scores[rows, deps]
    return sub, cycle_locs, noncycle_locs, heads, deps


def chuliu_edmonds(scores: Any) -> Any:
    """The maximum spanning tree of the scores: stanza's ``chuliu_edmonds`` loop with the steps above.

    Like stanza's, it changes ``scores`` in place (``prepare_scores``).
    """
    import numpy as np
    from stanza.models.common.chuliu_edmonds import expand_contracted_tree, prepare_scores

    stack = []
    prepare_scores(scores)
    tree = np.argmax(scores, axis=1)
    cycles = functional_cycles(tree)
    while cycles:
        sub, cycle_locs, noncycle_locs, heads, deps = process_cycle(tree, cycles.pop(), scores)
        stack.append((tree, cycle_locs, noncycle_locs, heads, deps))
        scores = sub
        prepare_scores(scores)
        tree = np.argmax(scores, axis=1)
        cycles = functional_cycles(tree)
    while stack:
        contracted = tree
        tree, cycle_locs, noncycle_locs, heads, deps = stack.pop()
        tree = expand_contracted_tree(tree, contracted, cycle_locs, noncycle_locs, heads, deps)
    return tree


def one_root_search(scores: Any) -> Any:
    """stanza's ``chuliu_edmonds_one_root``: every root arc made so costly that one word takes the root."""
    import numpy as np

    scores = scores.astype(np.float64)  # a copy
    scores[:, 0] += scores[np.isfinite(scores)].min() * scores.shape[0]
    return chuliu_edmonds(scores)


def one_root_tree(scores: Any) -> Any:
    """The best tree with one word on the root: stanza's ``chuliu_edmonds_one_root``, usually without its detour.

    Stanza makes every arc from the root so costly that the decoder must
    contract the sentence, two words at a time, into one node before it may
    use one: about one contraction per word. Adding the same cost to every
    root arc shifts the score of every one-root tree alike, so the tree it
    finds is the best one-root tree. When the best tree of all, found with
    the scores as they are (few cycles, few contractions), already has one
    word on the root, it is that tree; only otherwise is the costly search
    (:func:`one_root_search`) run.
    """
    import numpy as np

    tree = chuliu_edmonds(scores.astype(np.float64))
    if np.count_nonzero(tree[1:] == 0) == 1:
        return tree
    return one_root_search(scores)
