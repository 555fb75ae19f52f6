// Request timeouts without a Node timer per request: requests given the same timeout expire in
// the order they were sent, so each timeout keeps its requests in a queue and one timer armed for
// the first. A Timeout object per request (with its async resource) was among the objects a
// request holds while in flight, and at thousands of requests a second those are promoted by
// every scavenge.

/** What can time out; the queue links are its own fields, so that waiting allocates nothing. */
export interface Expiring {
  dueAt: number;
  dueNext: Expiring | null;
  duePrev: Expiring | null;
  dueQueue: DeadlineQueue | null;
  expire(): void;
}

export class DeadlineQueue {
  private head: Expiring | null = null;
  private tail: Expiring | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly fire = () => this.expireDue();

  constructor(private readonly ms: number) {}

  add(item: Expiring): void {
    item.dueAt = performance.now() + this.ms;
    item.dueQueue = this;
    item.duePrev = this.tail;
    item.dueNext = null;
    if (this.tail) this.tail.dueNext = item;
    else this.head = item;
    this.tail = item;
    this.timer ??= setTimeout(this.fire, this.ms);
  }

  remove(item: Expiring): void {
    if (item.duePrev) item.duePrev.dueNext = item.dueNext;
    else this.head = item.dueNext;
    if (item.dueNext) item.dueNext.duePrev = item.duePrev;
    else this.tail = item.duePrev;
    item.dueNext = item.duePrev = item.dueQueue = null;
    // An empty queue holds no timer: nothing may keep the process alive after its last request.
    if (!this.head && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  /** Expires the requests whose time has come, and waits for the next one's. */
  private expireDue(): void {
    this.timer = null;
    const now = performance.now();
    while (this.head && this.head.dueAt <= now) {
      const due = this.head;
      this.remove(due);
      due.expire();
    }
    if (this.head && !this.timer) this.timer = setTimeout(this.fire, Math.max(1, this.head.dueAt - now));
  }
}

export class Deadlines {
  private readonly queues = new Map<number, DeadlineQueue>();

  /** `item` expires `ms` from now unless removed before. */
  add(item: Expiring, ms: number): void {
    let queue = this.queues.get(ms);
    if (!queue) this.queues.set(ms, (queue = new DeadlineQueue(ms)));
    queue.add(item);
  }

  remove(item: Expiring): void {
    item.dueQueue?.remove(item);
  }
}
