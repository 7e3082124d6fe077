import { useParams } from 'react-router';
import { useProject } from '../../app/Shell';
import { TraceView } from './TraceView';

/** A trace on its own page, full width: /w/{workspace}/p/{project}/traces/{traceId}?span=… */
export default function TracePage() {
  const project = useProject();
  const { trace = '' } = useParams();
  return (
    <section className="trace-page">
      <TraceView projectId={project.id} traceId={trace} />
    </section>
  );
}
