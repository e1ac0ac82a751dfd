import type { ServiceConfig, ServiceFigures } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
import { useState } from 'react';
import type { ServiceAvailability } from '../logic/service-availability.ts';
import { pageOf, type TileGrid } from '../logic/tile-pages.ts';
import { T } from '../text.ts';
import { WaitText } from './WaitText.tsx';

export interface ServiceTileData {
  readonly service: ServiceConfig;
  readonly figures: ServiceFigures | undefined;
  readonly availability: ServiceAvailability;
}

function reasonOf(availability: ServiceAvailability, language: 'zh' | 'en'): string | null {
  if (availability.available) return null;
  switch (availability.kind) {
    case 'disabled':
      return localized(T.disabled, language);
    case 'daily-limit':
      return localized(T.dailyLimit, language);
    case 'closed': {
      const opens = availability.opensAt
        ? language === 'zh'
          ? ` · ${availability.opensAt} ${T.opensAt.zh}`
          : ` · ${T.opensAt.en} ${availability.opensAt}`
        : '';
      return `${localized(T.closed, language)}${opens} (${localized(T.hours, language)} ${availability.hours})`;
    }
  }
}

/**
 * The services as touch tiles, a page at a time: `grid` says how many fit the screen, and large 上一页/下一页
 * buttons with a page count reach the others, so no service is ever below the fold.
 */
export function ServiceTiles(props: {
  tiles: readonly ServiceTileData[];
  grid: TileGrid;
  disabled: boolean;
  onTake: (serviceId: string) => void;
  onGuide: (serviceId: string) => void;
}) {
  const language = useLanguage();
  const [wanted, setPage] = useState(0);
  const { columns, rows } = props.grid;
  const { items, page, pages } = pageOf(props.tiles, wanted, columns * rows);
  return (
    <div className="tile-area">
      <ul
        className={`tiles${props.grid.wide ? ' tiles-wide' : ''}`}
        data-page={page + 1}
        style={{
          gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
        }}
      >
        {items.map(({ service, figures, availability }) => {
          const reason = reasonOf(availability, language);
          const off = props.disabled || !availability.available;
          return (
            <li key={service.id} className={`tile${availability.available ? '' : ' tile-off'}`}>
              <button
                type="button"
                className="tile-main"
                data-service={service.id}
                disabled={off}
                onClick={() => props.onTake(service.id)}
              >
                <span className="tile-title">
                  <span className="tile-prefix">{service.prefix}</span>
                  <span className="tile-name">{localized(service.name, language)}</span>
                </span>
                {reason ? (
                  <span
                    className="tile-reason"
                    data-layout-wrap-ok
                    data-reason={availability.available ? '' : availability.kind}
                  >
                    {reason}
                  </span>
                ) : (
                  <span className="tile-figures">
                    <span>
                      {localized(T.waiting, language)} <b>{figures?.waiting ?? 0}</b>{' '}
                      {localized(T.people, language)}
                    </span>
                    <span>
                      {localized(T.estimatedWait, language)}{' '}
                      <b data-tile-wait>
                        <WaitText
                          peopleAhead={figures?.waiting ?? 0}
                          ms={figures?.estimatedWaitMs ?? 0}
                          range={figures?.estimatedWaitRange}
                        />
                      </b>
                    </span>
                  </span>
                )}
              </button>
              <button
                type="button"
                className="tile-guide"
                data-guide={service.id}
                onClick={() => props.onGuide(service.id)}
              >
                {localized(T.guide, language)}
              </button>
            </li>
          );
        })}
      </ul>
      {pages > 1 && (
        <nav className="pager" aria-label={localized(T.pages, language)}>
          <button
            type="button"
            className="pager-button"
            data-action="page-previous"
            disabled={page === 0}
            onClick={() => setPage(page - 1)}
          >
            {localized(T.previousPage, language)}
          </button>
          <span className="pager-count" data-page-count={`${page + 1}/${pages}`}>
            {language === 'zh' ? `第 ${page + 1} / ${pages} 页` : `Page ${page + 1} of ${pages}`}
          </span>
          <button
            type="button"
            className="pager-button"
            data-action="page-next"
            disabled={page === pages - 1}
            onClick={() => setPage(page + 1)}
          >
            {localized(T.nextPage, language)}
          </button>
        </nav>
      )}
    </div>
  );
}
