/** Team/app labels, content-addressed like dims (`tp_labels`). */
import { stableId } from './hash.js';

export class Labels {
  private readonly byContent = new Map<string, number>();
  private fresh: { id: number; team: string | null; app: string | null }[] = [];

  constructor(private readonly taken: Map<number, string>) {
    for (const [id, c] of taken) this.byContent.set(c, id);
  }

  /** team → app → id: the hot path looks up two strings instead of building a key per row. */
  private readonly fast = new Map<string | undefined, Map<string | undefined, number>>();

  id(team: string | undefined, app: string | undefined): number {
    let byApp = this.fast.get(team);
    if (byApp === undefined) this.fast.set(team, (byApp = new Map()));
    let id = byApp.get(app);
    if (id === undefined) byApp.set(app, (id = this.slowId(team, app)));
    return id;
  }

  private slowId(team: string | undefined, app: string | undefined): number {
    const content = `${team ?? ''}\u0001${app ?? ''}`;
    let id = this.byContent.get(content);
    if (id === undefined) {
      id = stableId(content, this.taken);
      this.byContent.set(content, id);
      this.fresh.push({ id, team: team ?? null, app: app ?? null });
    }
    return id;
  }

  takeNew(): { id: number; team: string | null; app: string | null }[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}
