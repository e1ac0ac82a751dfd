import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * How many rows of a list fit its box: the list (`ol`/`ul`, sized by the layout, not by its rows) is measured
 * with its first row, and again whenever its box changes size. A wall display shows whole rows only — a row
 * half cut, or running under the notice panel, is worse than one row fewer. `null` before the first measure.
 */
export function useRowsThatFit(list: RefObject<HTMLElement | null>, rows: number): number | null {
  const [fit, setFit] = useState<number | null>(null);
  // Measured once there is a row to measure by, and then on every resize.
  const hasRows = rows > 0;
  useLayoutEffect(() => {
    const box = list.current;
    if (box === null || !hasRows) return;
    let rowHeight = 0;
    const measure = () => {
      const first = box.firstElementChild;
      if (first !== null) rowHeight = first.getBoundingClientRect().height;
      if (rowHeight <= 0) return;
      setFit(Math.max(1, Math.floor((box.clientHeight + 0.5) / rowHeight)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    return () => observer.disconnect();
  }, [list, hasRows]);
  return fit;
}
