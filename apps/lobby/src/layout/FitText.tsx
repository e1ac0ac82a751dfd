import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** Each step down while the text is still too wide, as a share of the stylesheet's size. */
const STEP = 0.04;

/**
 * Text kept on one line that shrinks, down to `min` × its stylesheet size, until it fits its box. Hall, service
 * and ticket names come from the hall file and vary in length; a wall display may neither wrap nor cut them.
 * `text` is what the content says (a change of it refits); the box's width comes from the layout around it.
 */
export function FitText(props: { className?: string; text: string; min?: number; children?: ReactNode }) {
  const ref = useRef<HTMLSpanElement>(null);
  const min = props.min ?? 0.5;
  useLayoutEffect(() => {
    const box = ref.current;
    if (box === null || props.text === '') return;
    let width = -1;
    const fit = () => {
      if (box.clientWidth === width) return;
      width = box.clientWidth;
      box.style.fontSize = '';
      const natural = Number.parseFloat(getComputedStyle(box).fontSize);
      let scale = Math.min(1, box.clientWidth / Math.max(1, box.scrollWidth));
      // Text does not scale quite linearly (rounding, letter spacing in px): step down until it fits.
      while (scale < 1) {
        box.style.fontSize = `${(natural * scale).toFixed(2)}px`;
        if (box.scrollWidth <= box.clientWidth || scale <= min) break;
        scale = Math.max(min, scale - STEP);
      }
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(box);
    return () => observer.disconnect();
  }, [props.text, min]);
  return (
    <span ref={ref} className={`fit${props.className ? ` ${props.className}` : ''}`}>
      {props.children ?? props.text}
    </span>
  );
}
