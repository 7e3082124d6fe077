import type { QuestionResult } from './evals';
import { claimsOf, factsOf, outcomeWord } from './evalReport';
import { TrajectoryDetail } from './TrajectoryDetail';

/**
 * A question as asked and answered: the answer as plain text (never the report's HTML), the facts
 * it held or missed, what it must not claim, its evidence, the judge's verdict and its trajectory.
 */
export function QuestionDetail({ question, number }: { question: QuestionResult; number: number }) {
  const outcome = outcomeWord(question.score.outcome);
  return (
    <article className="eval-question" data-testid="eval-question" data-outcome={outcome}>
      <h5>
        Question {number} <span className={`eval-outcome eval-outcome-${outcome}`}>{outcome}</span>{' '}
        <span className="quiet">
          {question.kind} · run {question.ended}
        </span>
      </h5>
      <p className="eval-ask">{question.ask}</p>
      {question.error !== '' && <p className="eval-problem">{question.error}</p>}
      <h6>Answer</h6>
      <p className="eval-answer" data-testid="eval-answer">
        {question.answer === '' ? <span className="quiet">no answer</span> : question.answer}
      </p>
      <Facts question={question} />
      <Evidence question={question} />
      {question.score.judge !== null && (
        <p data-testid="eval-judge">
          <strong>Judge:</strong>{' '}
          <span className={question.score.judge.pass ? 'eval-held' : 'eval-missing'}>{question.score.judge.pass ? 'pass' : 'fail'}</span>{' '}
          — {question.score.judge.reason}
        </p>
      )}
      <TrajectoryDetail trajectory={question.trajectory} />
    </article>
  );
}

function Facts({ question }: { question: QuestionResult }) {
  const facts = factsOf(question);
  const claims = claimsOf(question);
  return (
    <div className="eval-facts-columns">
      <div>
        <h6>Expected facts</h6>
        {facts.length === 0 ? (
          <p className="quiet">none: a decline is the right answer</p>
        ) : (
          <ul className="eval-fact-list" data-testid="eval-facts">
            {facts.map(({ fact, held }) => (
              <li key={fact} className={held ? 'eval-held' : 'eval-missing'} data-held={held}>
                {held ? 'held' : 'missing'}: {fact}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h6>Must not claim</h6>
        {claims.length === 0 ? (
          <p className="quiet">nothing</p>
        ) : (
          <ul className="eval-fact-list" data-testid="eval-claims">
            {claims.map(({ claim, made }) => (
              <li key={claim} className={made ? 'eval-missing' : 'eval-held'}>
                {made ? 'false claim' : 'not claimed'}: {claim}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function Evidence({ question }: { question: QuestionResult }) {
  const { citedTraces, unknownTraces, relevantCited, evidenceValid } = question.score;
  const unknown = new Set(unknownTraces);
  return (
    <div data-testid="eval-evidence">
      <h6>Evidence</h6>
      <p>
        {citedTraces.length} traces cited, {relevantCited} of them relevant
        {unknownTraces.length > 0 && `, ${unknownTraces.length} not a trace of the scenario (invented)`}; the evidence is{' '}
        <span className={evidenceValid ? 'eval-held' : 'eval-missing'}>{evidenceValid ? 'valid' : 'not valid'}</span>.
      </p>
      {citedTraces.length > 0 && (
        <ul className="eval-traces">
          {citedTraces.map((trace) => (
            <li key={trace}>
              <code>{trace}</code>
              {unknown.has(trace) && <span className="eval-missing"> invented</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
