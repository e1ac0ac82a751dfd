import type { ServiceConfig, ServiceFigures } from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
import type { ServiceAvailability } from '../logic/service-availability.ts';
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

export function ServiceTiles(props: {
  tiles: readonly ServiceTileData[];
  disabled: boolean;
  onTake: (serviceId: string) => void;
  onGuide: (serviceId: string) => void;
}) {
  const language = useLanguage();
  return (
    <ul className="tiles">
      {props.tiles.map(({ service, figures, availability }) => {
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
              <span className="tile-prefix">{service.prefix}</span>
              <span className="tile-name">{localized(service.name, language)}</span>
              {reason ? (
                <span className="tile-reason" data-reason={availability.available ? '' : availability.kind}>
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
                    <b>
                      <WaitText peopleAhead={figures?.waiting ?? 0} ms={figures?.estimatedWaitMs ?? 0} />
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
  );
}
