import { useEffect, useLayoutEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import type { Agent } from "@vta/contracts";
import { AgentCard } from "./AgentCard";
import { prefetchAgent } from "./api";

interface Props {
  agents: Agent[];
  canWrite: boolean;
  onToggle: (agent: Agent) => void;
  onDelete: (agent: Agent) => void;
  /** Called when the last rows come into view. */
  onNearEnd: () => void;
}

const GAP = 16;

/** Columns follow the grid's width; the grid's offset is where the window scroll starts counting. */
function useLayout(el: HTMLDivElement | null) {
  const [layout, setLayout] = useState({ columns: 3, top: 0 });
  useLayoutEffect(() => {
    if (!el) return;
    const update = () =>
      setLayout({
        columns: el.clientWidth >= 1024 ? 3 : el.clientWidth >= 640 ? 2 : 1,
        top: el.getBoundingClientRect().top + window.scrollY,
      });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return layout;
}

/**
 * Only the rows in (and near) the viewport are in the DOM, whatever the number of agents: ten
 * thousand agents keep a few dozen cards mounted.
 */
export function AgentGrid({ agents, canWrite, onToggle, onDelete, onNearEnd }: Props) {
  const [parent, setParent] = useState<HTMLDivElement | null>(null);
  const qc = useQueryClient();
  const { columns, top } = useLayout(parent);
  const rows = Math.ceil(agents.length / columns);
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => 190 + GAP,
    overscan: 3,
    scrollMargin: top,
  });
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows > 0 && last >= rows - 3) onNearEnd();
  }, [last, rows, onNearEnd]);

  return (
    <div ref={setParent} data-testid="agent-grid">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            className="absolute left-0 top-0 grid w-full gap-4"
            style={{
              transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)`,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              paddingBottom: GAP,
            }}
          >
            {agents.slice(row.index * columns, row.index * columns + columns).map((a) => (
              <div key={a.id} onMouseEnter={() => prefetchAgent(qc, a.id)}>
                <AgentCard agent={a} canWrite={canWrite} onToggle={onToggle} onDelete={onDelete} />
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
