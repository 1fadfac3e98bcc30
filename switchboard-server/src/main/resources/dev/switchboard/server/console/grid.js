// A virtually scrolled grid: whatever the number of rows, only those in view (plus a few) are in the DOM, each
// repainted from its data when it changes or when the clock ticks. Filtering and sorting work on the data, once per
// animation frame at most, so a burst of updates costs one pass.

const OVERSCAN = 6;

export class VirtualGrid {
  /**
   * columns: [{key, title, width (CSS grid track), render(row) → HTML, sort(row) → comparable}]
   * options: {rowHeight, rowKey(row), rowClass(row) → classes, emptyText}
   */
  constructor(container, columns, options) {
    this.columns = columns;
    this.rowHeight = options.rowHeight || 30;
    this.rowKey = options.rowKey;
    this.rowClass = options.rowClass || (() => "");
    this.rows = new Map();
    this.order = [];
    this.filter = () => true;
    this.sortKey = null;
    this.sortDirection = 1;
    this.dirtyOrder = true;
    this.frame = 0;
    this.template = columns.map(c => c.width || "1fr").join(" ");

    this.root = document.createElement("div");
    this.root.className = "grid";
    this.head = document.createElement("div");
    this.head.className = "grid-head";
    this.head.style.gridTemplateColumns = this.template;
    this.head.innerHTML = columns.map(c => `<button type="button" class="grid-th" data-key="${c.key}"`
      + `${c.sort ? "" : " disabled"}>${c.title}</button>`).join("");
    this.head.addEventListener("click", event => {
      const button = event.target.closest(".grid-th");
      if (button && !button.disabled) {
        this.sortBy(button.dataset.key);
      }
    });
    this.viewport = document.createElement("div");
    this.viewport.className = "grid-body";
    this.spacer = document.createElement("div");
    this.spacer.className = "grid-spacer";
    this.layer = document.createElement("div");
    this.layer.className = "grid-rows";
    this.spacer.appendChild(this.layer);
    this.viewport.appendChild(this.spacer);
    this.empty = document.createElement("div");
    this.empty.className = "grid-empty";
    this.empty.textContent = options.emptyText || "Nothing to show";
    this.root.append(this.head, this.viewport, this.empty);
    container.appendChild(this.root);
    this.viewport.addEventListener("scroll", () => this.schedule(false), {passive: true});
    new ResizeObserver(() => this.schedule(false)).observe(this.viewport);
  }

  /** Replaces every row. */
  setRows(rows) {
    this.rows = new Map(rows.map(r => [this.rowKey(r), r]));
    this.schedule(true);
  }

  /**
   * Adds or replaces one row. The order is computed again only when the row is new, or when its sort value or whether
   * it passes the filter changed: an update that moves nothing (the usual case) costs a repaint of the rows in view.
   */
  upsert(row) {
    const key = this.rowKey(row);
    const previous = this.rows.get(key);
    this.rows.set(key, row);
    const column = this.sortColumn();
    const moved = !previous || this.filter(previous) !== this.filter(row)
      || (column && column.sort(previous) !== column.sort(row));
    this.schedule(moved);
  }

  sortColumn() {
    const column = this.columns.find(c => c.key === this.sortKey);
    return column && column.sort ? column : null;
  }

  remove(key) {
    if (this.rows.delete(key)) {
      this.schedule(true);
    }
  }

  get(key) {
    return this.rows.get(key);
  }

  setFilter(filter) {
    this.filter = filter;
    this.schedule(true);
  }

  sortBy(key, direction) {
    this.sortDirection = direction !== undefined ? direction : (this.sortKey === key ? -this.sortDirection : 1);
    this.sortKey = key;
    for (const th of this.head.querySelectorAll(".grid-th")) {
      th.dataset.sorted = th.dataset.key === key ? (this.sortDirection > 0 ? "asc" : "desc") : "";
    }
    this.schedule(true);
  }

  /** Repaints the rows in view (the clock ticked); re-sorts too when sorting by something time moves. */
  tick(resort) {
    this.schedule(resort);
  }

  /** How many rows pass the filter now. */
  get visibleCount() {
    return this.order.length;
  }

  schedule(reorder) {
    this.dirtyOrder = this.dirtyOrder || reorder;
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.paint();
      });
    }
  }

  paint() {
    if (this.dirtyOrder) {
      this.dirtyOrder = false;
      // The order holds keys: a row replaced without moving is read from this.rows when painted.
      const order = [];
      for (const [key, row] of this.rows) {
        if (this.filter(row)) {
          order.push(key);
        }
      }
      const column = this.sortColumn();
      if (column) {
        const keyed = order.map(key => [column.sort(this.rows.get(key)), key]);
        const direction = this.sortDirection;
        keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) * direction);
        this.order = keyed.map(k => k[1]);
      } else {
        this.order = order;
      }
      this.spacer.style.height = (this.order.length * this.rowHeight) + "px";
      this.empty.hidden = this.order.length > 0;
    }
    const height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.order.length, Math.ceil((this.viewport.scrollTop + height) / this.rowHeight) + OVERSCAN);
    this.layer.style.transform = `translateY(${first * this.rowHeight}px)`;
    const wanted = last - first;
    while (this.layer.children.length < wanted) {
      const element = document.createElement("div");
      element.style.gridTemplateColumns = this.template;
      element.style.height = this.rowHeight + "px";
      this.layer.appendChild(element);
    }
    while (this.layer.children.length > wanted) {
      this.layer.lastChild.remove();
    }
    for (let i = 0; i < wanted; i++) {
      const row = this.rows.get(this.order[first + i]);
      const element = this.layer.children[i];
      const html = this.columns.map(c => `<div class="grid-td c-${c.key}">${c.render(row)}</div>`).join("");
      const className = "grid-tr " + this.rowClass(row);
      // Written only when it differs: a tick that changes one cell leaves the others' DOM (and a focused picker) alone.
      if (element.dataset.key !== this.rowKey(row) || element._html !== html) {
        element.innerHTML = html;
        element._html = html;
        element.dataset.key = this.rowKey(row);
      }
      if (element.className !== className) {
        element.className = className;
      }
    }
  }
}
