import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function ChatPage() {
  return (
    <Empty title="Chat">
      <p>ask the agent about this project and see its evidence as charts and traces: this page is coming.</p>
    </Empty>
  );
}
