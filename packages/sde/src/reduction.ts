import { InvalidArgumentError } from "@langevin/core/base";

/** One node of a {@link ReductionTree}: the merged state of blocks [index·2^level, (index+1)·2^level). */
export interface TreeNode<B> {
  /** Height in the tree: 0 for a block, l + 1 for the merge of two level-l nodes. */
  level: number;
  /** Position within its level (block index at level 0). */
  index: number;
  /** The merged observer state of the node's blocks. */
  state: B;
}

/**
 * A canonical reduction over fixed-size blocks of paths. Block j enters as node (0, j); two sibling
 * nodes (l, 2i) and (l, 2i+1) merge (left ⊕ right) into (l+1, i) as soon as both exist. The tree of
 * merges therefore depends only on the block indices, never on the order in which blocks finish, on
 * the batch size, on the number of workers or on how shards were cut; `fold()` combines the
 * remaining nodes left to right. Floating-point results are thus bit-identical for any split.
 * @example
 * const t = new ReductionTree<number>((a, b) => a + b);
 * for (const j of [2, 0, 1]) t.insert(0, j, j + 1);
 * t.fold((s) => s); // (1 + 2) + 3 = 6, whatever the insertion order
 */
export class ReductionTree<B> {
  private readonly nodes = new Map<string, TreeNode<B>>();

  constructor(private readonly merge: (left: B, right: B) => B) {}

  /** Inserts the state of node (level, index); `state` is owned by the tree afterwards. */
  insert(level: number, index: number, state: B): void {
    for (;;) {
      const self = `${level}:${index}`;
      if (this.nodes.has(self) || this.covered(level, index))
        throw new InvalidArgumentError(
          "results",
          `path block range of node ${self} is covered twice (overlapping runs)`,
        );
      const key = `${level}:${index ^ 1}`;
      const sibling = this.nodes.get(key);
      if (!sibling) {
        this.nodes.set(self, { level, index, state });
        return;
      }
      this.nodes.delete(key);
      state = index & 1 ? this.merge(sibling.state, state) : this.merge(state, sibling.state);
      level++;
      index >>= 1;
    }
  }

  private covered(level: number, index: number): boolean {
    const start = index * 2 ** level;
    const end = start + 2 ** level;
    for (const n of this.nodes.values()) {
      const s = n.index * 2 ** n.level;
      const e = s + 2 ** n.level;
      if (s < end && start < e) return true;
    }
    return false;
  }

  /** The nodes, ordered by their first block. */
  list(): TreeNode<B>[] {
    return [...this.nodes.values()].sort((a, b) => a.index * 2 ** a.level - b.index * 2 ** b.level);
  }

  /** Left fold of the nodes in block order, starting from `copy(first)` so the tree is not mutated. */
  fold(copy: (b: B) => B): B | undefined {
    const list = this.list();
    if (list.length === 0) return undefined;
    let acc = copy(list[0].state);
    for (let i = 1; i < list.length; i++) acc = this.merge(acc, copy(list[i].state));
    return acc;
  }
}
