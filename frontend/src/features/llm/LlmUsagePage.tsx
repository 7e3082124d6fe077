import { Empty } from '../../app/states';

/** Placeholder until this page lands (issue 15). */
export default function LlmUsagePage() {
  return (
    <Empty title="LLM usage">
      <p>tokens and cost by model and service over time: this page is coming.</p>
    </Empty>
  );
}
