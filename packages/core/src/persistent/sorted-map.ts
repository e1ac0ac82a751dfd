/**
 * An immutable sorted map: a persistent AVL tree. `set` and `delete` return a new map that shares every node off
 * the changed path with the old one, so a change costs O(log n) and every older version stays valid and
 * unchanged. The queue state is immutable, and copying a Map of every waiting ticket on each command made a
 * command's cost grow with the queue; this keeps it logarithmic.
 */

interface Node<K, V> {
  readonly key: K;
  readonly value: V;
  readonly left: Node<K, V> | null;
  readonly right: Node<K, V> | null;
  readonly height: number;
  readonly size: number;
}

export type Compare<K> = (a: K, b: K) => number;

const heightOf = <K, V>(n: Node<K, V> | null): number => (n === null ? 0 : n.height);
const sizeOf = <K, V>(n: Node<K, V> | null): number => (n === null ? 0 : n.size);

function node<K, V>(key: K, value: V, left: Node<K, V> | null, right: Node<K, V> | null): Node<K, V> {
  return {
    key,
    value,
    left,
    right,
    height: Math.max(heightOf(left), heightOf(right)) + 1,
    size: sizeOf(left) + sizeOf(right) + 1,
  };
}

/** Restores the AVL balance (heights of siblings differ by at most one) at one node. */
function balance<K, V>(key: K, value: V, left: Node<K, V> | null, right: Node<K, V> | null): Node<K, V> {
  const lh = heightOf(left);
  const rh = heightOf(right);
  if (lh > rh + 1 && left !== null) {
    if (heightOf(left.left) >= heightOf(left.right)) {
      return node(left.key, left.value, left.left, node(key, value, left.right, right));
    }
    const lr = left.right as Node<K, V>;
    return node(
      lr.key,
      lr.value,
      node(left.key, left.value, left.left, lr.left),
      node(key, value, lr.right, right),
    );
  }
  if (rh > lh + 1 && right !== null) {
    if (heightOf(right.right) >= heightOf(right.left)) {
      return node(right.key, right.value, node(key, value, left, right.left), right.right);
    }
    const rl = right.left as Node<K, V>;
    return node(
      rl.key,
      rl.value,
      node(key, value, left, rl.left),
      node(right.key, right.value, rl.right, right.right),
    );
  }
  return node(key, value, left, right);
}

function insert<K, V>(n: Node<K, V> | null, key: K, value: V, compare: Compare<K>): Node<K, V> {
  if (n === null) return node(key, value, null, null);
  const c = compare(key, n.key);
  if (c < 0) return balance(n.key, n.value, insert(n.left, key, value, compare), n.right);
  if (c > 0) return balance(n.key, n.value, n.left, insert(n.right, key, value, compare));
  return node(key, value, n.left, n.right);
}

function removeMin<K, V>(n: Node<K, V>): { min: Node<K, V>; rest: Node<K, V> | null } {
  if (n.left === null) return { min: n, rest: n.right };
  const { min, rest } = removeMin(n.left);
  return { min, rest: balance(n.key, n.value, rest, n.right) };
}

function remove<K, V>(n: Node<K, V> | null, key: K, compare: Compare<K>): Node<K, V> | null {
  if (n === null) return null;
  const c = compare(key, n.key);
  if (c < 0) {
    const left = remove(n.left, key, compare);
    return left === n.left ? n : balance(n.key, n.value, left, n.right);
  }
  if (c > 0) {
    const right = remove(n.right, key, compare);
    return right === n.right ? n : balance(n.key, n.value, n.left, right);
  }
  if (n.left === null) return n.right;
  if (n.right === null) return n.left;
  const { min, rest } = removeMin(n.right);
  return balance(min.key, min.value, n.left, rest);
}

function* inOrder<K, V>(n: Node<K, V> | null): Generator<Node<K, V>> {
  // An explicit stack: the tree is balanced, so it holds at most about 1.44 log2(n) nodes.
  const stack: Node<K, V>[] = [];
  let current = n;
  while (current !== null || stack.length > 0) {
    while (current !== null) {
      stack.push(current);
      current = current.left;
    }
    const top = stack.pop() as Node<K, V>;
    yield top;
    current = top.right;
  }
}

/**
 * Use `emptySortedMap(compare)`. The comparison lives on the prototype, not on the instance, so a map holds
 * nothing but data: states stay structured-cloneable and freezable.
 */
export class SortedMap<K, V> {
  constructor(private readonly root: Node<K, V> | null) {}

  /** The order of the keys; `emptySortedMap` gives each map its own. */
  protected compare(_a: K, _b: K): number {
    throw new Error('a SortedMap is made with emptySortedMap(compare)');
  }

  private withRoot(root: Node<K, V> | null): SortedMap<K, V> {
    const Same = this.constructor as new (root: Node<K, V> | null) => SortedMap<K, V>;
    return new Same(root);
  }

  get size(): number {
    return sizeOf(this.root);
  }

  get(key: K): V | undefined {
    let n = this.root;
    while (n !== null) {
      const c = this.compare(key, n.key);
      if (c === 0) return n.value;
      n = c < 0 ? n.left : n.right;
    }
    return undefined;
  }

  has(key: K): boolean {
    let n = this.root;
    while (n !== null) {
      const c = this.compare(key, n.key);
      if (c === 0) return true;
      n = c < 0 ? n.left : n.right;
    }
    return false;
  }

  set(key: K, value: V): SortedMap<K, V> {
    return this.withRoot(insert(this.root, key, value, (a, b) => this.compare(a, b)));
  }

  delete(key: K): SortedMap<K, V> {
    const root = remove(this.root, key, (a, b) => this.compare(a, b));
    return root === this.root ? this : this.withRoot(root);
  }

  /** The smallest entry, or undefined when empty. */
  first(): [K, V] | undefined {
    let n = this.root;
    if (n === null) return undefined;
    while (n.left !== null) n = n.left;
    return [n.key, n.value];
  }

  /** The largest entry, or undefined when empty. */
  last(): [K, V] | undefined {
    let n = this.root;
    if (n === null) return undefined;
    while (n.right !== null) n = n.right;
    return [n.key, n.value];
  }

  *entries(): Generator<[K, V]> {
    for (const n of inOrder(this.root)) yield [n.key, n.value];
  }

  *keys(): Generator<K> {
    for (const n of inOrder(this.root)) yield n.key;
  }

  *values(): Generator<V> {
    for (const n of inOrder(this.root)) yield n.value;
  }
}

/** An empty map ordered by `compare`; every map derived from it keeps that order. */
export function emptySortedMap<K, V>(compare: Compare<K>): SortedMap<K, V> {
  class Ordered extends SortedMap<K, V> {
    protected override compare(a: K, b: K): number {
      return compare(a, b);
    }
  }
  return new Ordered(null);
}
