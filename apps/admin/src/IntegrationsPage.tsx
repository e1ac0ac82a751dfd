import { useEffect, useState } from 'react';
import { ApiClientsCard } from './ApiClientsCard.tsx';
import type { AdminConnection } from './admin-connection.ts';
import { WebhooksCard } from './WebhooksCard.tsx';

/** 对外接口: the clients of the open API, the webhook subscriptions and what the outbox still has to send. */
export function IntegrationsPage({ connection }: { connection: AdminConnection }) {
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void connection.command('hall:snapshot', {}).then((a) => {
      if (a.ok) setTimeZone(a.data.hall.rules.timeZone);
    });
  }, [connection]);
  return (
    <div className="integrations">
      <ApiClientsCard
        connection={connection}
        timeZone={timeZone}
        onChanged={() => setVersion((v) => v + 1)}
      />
      <WebhooksCard connection={connection} timeZone={timeZone} version={version} />
    </div>
  );
}
