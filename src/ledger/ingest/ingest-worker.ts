/**
 * Worker-thread entry of ingestion: runs a PacketProducer (ingest-packets.ts) for the files the main thread names
 * and posts its packets back, their typed arrays transferred rather than copied. The main thread grants credits
 * (one per packet it has taken), so the worker never runs more than a few packets ahead: memory stays flat.
 *
 * Messages in:  {type:'init', init} (first) · {type:'file', task, credits} · {type:'credit'}
 * Messages out: {type:'packet', packet} · {type:'end'} · {type:'error', message, code?}
 */
import { parentPort } from 'node:worker_threads';
import { PacketProducer, type FileTask, type ProducerInit } from './ingest-packets.js';
import { packetBuffers } from '../store/rows.js';
import { TokenprintError } from '../../core/errors.js';

type Inbound = { type: 'init'; init: ProducerInit } | { type: 'file'; task: FileTask; credits: number } | { type: 'credit' };

if (parentPort) {
  const port = parentPort;
  let producer: PacketProducer | undefined;
  let credits = 0;
  let wake: (() => void) | undefined;
  const run = async (task: FileTask) => {
    try {
      if (producer === undefined) throw new Error('ingest worker: a file before its init');
      for await (const packet of producer.packets(task)) {
        while (credits === 0) await new Promise<void>((r) => (wake = r));
        credits--;
        port.postMessage({ type: 'packet', packet }, packetBuffers(packet.rows));
      }
      port.postMessage({ type: 'end' });
    } catch (e) {
      const err = e as Error;
      port.postMessage({ type: 'error', message: err.message ?? String(e), code: e instanceof TokenprintError ? e.code : undefined, stack: err.stack });
    }
  };
  port.on('message', (m: Inbound) => {
    if (m.type === 'init') {
      producer = new PacketProducer(m.init);
    } else if (m.type === 'credit') {
      credits++;
      const w = wake;
      wake = undefined;
      w?.();
    } else {
      credits = m.credits;
      void run(m.task);
    }
  });
}
