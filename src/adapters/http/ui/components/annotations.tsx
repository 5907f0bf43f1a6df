/**
 * Annotations (`::error file=…,line=…::message`, `::warning …`, `::notice …`) as the run and
 * job pages list them: level in words and by icon, the job and step that made them, where.
 */
import type { FC } from 'hono/jsx';
import type { JobAnnotation } from '../../../../ports/model/annotation.js';
import type { StatusLook } from '../format.js';
import { StatusIcon } from './status.js';

const LEVELS: Record<JobAnnotation['level'], { word: string; look: StatusLook }> = {
  error: { word: 'Error', look: 'failure' },
  warning: { word: 'Warning', look: 'pending' },
  notice: { word: 'Notice', look: 'none' },
};

/** One annotation's place: the job (and step) with a link, then `file:line:column`. */
export interface AnnotatedPlace {
  label: string;
  href: string;
}

function where(a: JobAnnotation): string {
  if (!a.file) return '';
  const line =
    a.line === null ? '' : `:${a.line}${a.endLine !== null && a.endLine !== a.line ? `-${a.endLine}` : ''}`;
  const column = a.line !== null && a.column !== null ? `:${a.column}` : '';
  return `${a.file}${line}${column}`;
}

export interface AnnotationItem {
  annotation: JobAnnotation;
  place: AnnotatedPlace;
}

export const Annotations: FC<{ items: AnnotationItem[] }> = ({ items }) =>
  items.length === 0 ? null : (
    <section aria-labelledby="annotations">
      <h2 id="annotations">Annotations</h2>
      <ul class="annotations">
        {items.map(({ annotation: a, place }) => {
          const level = LEVELS[a.level];
          return (
            <li class={`annotation s-${level.look}`} data-level={a.level}>
              <span class="status">
                <StatusIcon look={level.look} />
                <strong>{level.word}</strong>
              </span>{' '}
              {a.title ? <strong>{a.title}: </strong> : null}
              <span class="annotation-message">{a.message}</span>
              <div class="muted">
                <a href={place.href}>{place.label}</a>
                {where(a) ? (
                  <>
                    {' · '}
                    <code>{where(a)}</code>
                  </>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
