// Runs an ASL definition with aws-local-stepfunctions (used by the aws module's tests).
// Usage: node run-state-machine.mjs DEFINITION.json INPUT.json EXECUTION_NAME
// Lambda Tasks (plain function ARNs) are sent to AWS_ENDPOINT_URL_LAMBDA. Prints one JSON line:
// {"status":"SUCCEEDED","output":...,"events":[...]} or {"status":"FAILED","error":...,"cause":...,"events":[...]};
// exit 0 either way. Each event is the interpreter's log entry: {"type", "state" (a state's name), "parent" (a
// Parallel branch's or Map iteration's state), "timestamp" (ms)}, branches' events included.
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionFile, inputFile, executionName] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const input = JSON.parse(readFileSync(inputFile, 'utf8'));
const machine = new StateMachine(definition, {
  awsConfig: {
    region: process.env.AWS_REGION || 'us-east-1',
    credentials: { accessKeys: { accessKeyId: 'test', secretAccessKey: 'test' } },
  },
});
const execution = machine.run(input, {
  context: {
    Execution: { Id: `arn:aws:states:us-east-1:123456789012:execution:local:${executionName}`, Name: executionName,
      Input: input, StartTime: new Date().toISOString() },
  },
});
const events = [];
const logged = (async () => {
  for await (const e of execution.eventLogs) {
    events.push({ type: e.type, state: e.state?.name, parent: e.parentState?.name, timestamp: e.timestamp });
  }
})();
try {
  const output = await execution.result;
  await logged;
  process.stdout.write(JSON.stringify({ status: 'SUCCEEDED', output, events }) + '\n');
} catch (e) {
  await logged.catch(() => {});
  const failure = e.cause ?? e; // an ExecutionError wraps the Fail state's error
  process.stdout.write(JSON.stringify({ status: 'FAILED', error: failure.name, cause: failure.message, events }) + '\n');
}
