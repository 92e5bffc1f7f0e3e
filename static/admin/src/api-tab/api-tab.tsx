import type { MouseEvent, ReactElement } from 'react';
import { router } from '@forge/bridge';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { ApiInfo } from '../../../../src/shared/resolver-contract';
import type { Policy } from '../../../../src/shared/tokens';
import { Code } from '../components/code';
import { CopyField } from '../components/copy-field';
import { LoadGate } from '../components/load-states';
import { queryString, shellQuote, type ExampleTarget } from '../lib/trigger-examples';
import type { Resource } from '../../../common/use-resolver';

const TOKEN = 'YOUR_TOKEN';
const JIRA_EXAMPLE: ExampleTarget = { product: 'jira', workspace: 'PLAT', content: 'PLAT-1', container: '' };

function examples(url: string): Array<{ label: string; value: string; testId: string }> {
  const body = JSON.stringify({
    workspace: 'PLAT',
    content: 'PLAT-1',
    title: 'Ready to ship?',
    options: [
      { id: '1', title: 'Yes' },
      { id: '2', title: 'No' },
    ],
  });
  const bearer = shellQuote(`Authorization: Bearer ${TOKEN}`);
  return [
    {
      label: 'Polls on an issue, Team Voice style (token in the query)',
      value: `${url}?${queryString([
        ['token', TOKEN],
        ['type', 'polls'],
        ['workspace', JIRA_EXAMPLE.workspace],
        ['content', JIRA_EXAMPLE.content],
      ])}`,
      testId: 'example-team-voice',
    },
    {
      label: 'List polls on an issue (REST, token in the header)',
      value: `curl -H ${bearer} \\\n  ${shellQuote(
        `${url}/polls?${queryString([
          ['workspace', 'PLAT'],
          ['content', 'PLAT-1'],
        ])}`,
      )}`,
      testId: 'example-rest-list',
    },
    {
      label: 'Create a poll',
      value: `curl -X POST -H ${bearer} -H 'Content-Type: application/json' \\\n  -d ${shellQuote(body)} \\\n  ${shellQuote(`${url}/polls`)}`,
      testId: 'example-rest-create',
    },
    {
      label: 'Read a poll with its results',
      value: `curl -H ${bearer} \\\n  ${shellQuote(`${url}/polls/POLL_ID?expand=results`)}`,
      testId: 'example-rest-read',
    },
  ];
}

/**
 * Custom UI runs in an iframe without allow-popups, so `target="_blank"` does nothing there:
 * the host opens the page instead, after asking the user (apis-reference/ui-api-bridge/router).
 */
function openOutside(event: MouseEvent<HTMLAnchorElement>): void {
  event.preventDefault();
  // A declined prompt rejects; the user chose not to go, so there is nothing to report.
  router.open(event.currentTarget.href).catch(() => undefined);
}

function ApiDetails({ info, policy }: { info: ApiInfo; policy: Policy | undefined }): ReactElement {
  const url = info.webTriggerUrl;
  return (
    <Stack space="space.300">
      <Stack space="space.100">
        <CopyField label="Web trigger URL" value={url} testId="web-trigger-url" />
        <Text as="p">
          The API description (OpenAPI 3.1) is at{' '}
          <Link href={`${url}/openapi.json`} onClick={openOutside} testId="openapi-link">
            {`${url}/openapi.json`}
          </Link>
          ; import it into Postman or any OpenAPI tool. It needs no token.
        </Text>
      </Stack>
      <Stack space="space.100">
        <Heading size="small" as="h2">
          Authentication
        </Heading>
        <Text as="p">
          Send a Quorum token as <Code>Authorization: Bearer {TOKEN}</Code>
          {policy?.acceptQueryToken === false ? (
            <>
              . The policy doesn&apos;t accept the <Code>token</Code> query parameter.
            </>
          ) : (
            <>
              , or as the <Code>token</Code> query parameter for Team Voice–style URLs.
            </>
          )}{' '}
          A missing, wrong, expired or revoked token gets <Code>401</Code>; a project, space or operation outside the token&apos;s scope
          gets <Code>403</Code>. Errors are <Code>application/problem+json</Code> and name every rejected field.
        </Text>
      </Stack>
      <Stack space="space.200">
        <Heading size="small" as="h2">
          Examples
        </Heading>
        {examples(url).map((example) => (
          <CopyField key={example.testId} {...example} />
        ))}
      </Stack>
      <Stack space="space.100">
        <Heading size="small" as="h2">
          Jira Automation
        </Heading>
        <Text as="p">
          Add a <strong>Send web request</strong> action with the URL{' '}
          <Code>{`${url}?type=polls&workspace={{issue.project.key}}&content={{issue.key}}`}</Code>, method <Code>POST</Code> to create a
          poll or <Code>GET</Code> to read polls, and the header <Code>Authorization</Code> set to <Code>Bearer {TOKEN}</Code> (tick
          Hidden). The poll comes back in <Code>{'{{webResponse.body}}'}</Code>. Creating a token shows these settings ready to copy.
        </Text>
      </Stack>
    </Stack>
  );
}

export function ApiTab({ apiInfo, policy }: { apiInfo: Resource<ApiInfo>; policy: Resource<{ policy: Policy }> }): ReactElement {
  return (
    <Stack space="space.200" testId="api-tab">
      <Text as="p" color="color.text.subtle">
        Quorum&apos;s polls API runs on a Forge web trigger. Jira Automation rules, scripts and other systems call it with an access token.
      </Text>
      <LoadGate state={apiInfo.state} what="the API details" onRetry={apiInfo.reload}>
        {(info) => <ApiDetails info={info} policy={policy.state.kind === 'loaded' ? policy.state.data.policy : undefined} />}
      </LoadGate>
    </Stack>
  );
}
