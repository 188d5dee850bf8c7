// A list that keeps the first and the last items of a stream and counts the
// rest: a log may repeat one event millions of times (a resync loop, a
// flapping daemon), and a fact must stay small whatever the log's size. The
// first occurrences say when it began, the last ones how it stands now.

export class HeadTail<T> {
  private readonly head: T[] = [];
  /** A ring of the latest items once the head is full. */
  private readonly tail: T[] = [];
  private next = 0;
  total = 0;

  constructor(
    private readonly headSize: number,
    private readonly tailSize: number,
  ) {}

  push(item: T): void {
    this.total++;
    if (this.head.length < this.headSize) this.head.push(item);
    else if (this.tail.length < this.tailSize) this.tail.push(item);
    else if (this.tailSize > 0) {
      this.tail[this.next] = item;
      this.next = (this.next + 1) % this.tailSize;
    }
  }

  /** How many items were counted but not kept. */
  get dropped(): number {
    return this.total - this.head.length - this.tail.length;
  }

  /** The kept items in the order they came. */
  items(): T[] {
    return [...this.head, ...this.tail.slice(this.next), ...this.tail.slice(0, this.next)];
  }
}
