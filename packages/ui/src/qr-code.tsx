import { create } from 'qrcode';
import { useMemo } from 'react';

/** The QR symbol's dark modules as one SVG path, with the 4-module quiet zone scanners need around it. */
export function qrPath(text: string): { path: string; size: number } {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    for (let col = 0; col < modules.size; col += 1) {
      if (modules.get(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  return { path, size: modules.size + 2 * quiet };
}

/** A QR code drawn as SVG (crisp at any size, no canvas, no inline script): what a phone's camera reads. */
export function QrCode(props: { text: string; label: string; className?: string }) {
  const { path, size } = useMemo(() => qrPath(props.text), [props.text]);
  return (
    <svg
      className={props.className}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={props.label}
      data-qr={props.text}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
