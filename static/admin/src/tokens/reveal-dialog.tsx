import type { ReactElement } from 'react';
import Button from '@atlaskit/button/default/button';
import Heading from '@atlaskit/heading';
import Modal from '@atlaskit/modal-dialog';
import ModalBody from '@atlaskit/modal-dialog/modal-body';
import ModalFooter from '@atlaskit/modal-dialog/modal-footer';
import ModalHeader from '@atlaskit/modal-dialog/modal-header';
import ModalTitle from '@atlaskit/modal-dialog/modal-title';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import type { ResolverDefinitions } from '../../../../src/shared/resolver-contract';
import { Code } from '../components/code';
import { CopyField } from '../components/copy-field';
import { tokenExamples } from '../lib/trigger-examples';

export type Minted = ResolverDefinitions['tokens/create']['data'];

function AutomationSettings({ examples }: { examples: ReturnType<typeof tokenExamples> }): ReactElement {
  const { automation } = examples;
  return (
    <Stack space="space.150" testId="automation-settings">
      <Heading size="xsmall" as="h3">
        Jira Automation: Send web request
      </Heading>
      <Text as="p">
        In the rule&apos;s <strong>Send web request</strong> action, use these settings and tick{' '}
        <strong>Delay execution of subsequent rule actions until we&apos;ve received a response</strong> to read the poll from{' '}
        <Code>{'{{webResponse.body}}'}</Code>. Tick <strong>Hidden</strong> on the Authorization header so the token is masked in the rule.
      </Text>
      <CopyField label="Web request URL" value={automation.url} testId="automation-url" />
      <CopyField label="HTTP method" value={automation.method} testId="automation-method" />
      {automation.headers.map((header) => (
        <CopyField
          key={header.name}
          label={`Header: ${header.name}`}
          value={header.value}
          testId={`automation-header-${header.name.toLowerCase()}`}
        />
      ))}
      <CopyField label="Web request body (Custom data)" value={automation.body} testId="automation-body" />
    </Stack>
  );
}

/**
 * The only time a token is seen: after create or rotate. Shows it with ready-to-use requests;
 * nothing here is kept once the dialog closes.
 */
export function RevealDialog(props: {
  minted: Minted;
  rotated: boolean;
  webTriggerUrl: string | null;
  acceptQueryToken: boolean;
  onClose: () => void;
}): ReactElement {
  const { minted, rotated, webTriggerUrl, acceptQueryToken, onClose } = props;
  const examples = webTriggerUrl ? tokenExamples(webTriggerUrl, minted.token, minted.tokenView.scope, acceptQueryToken) : null;
  const title = rotated ? `Token “${minted.tokenView.name}” rotated` : `Token “${minted.tokenView.name}” created`;
  return (
    <Modal onClose={onClose} width="large" testId="token-reveal" label={title} shouldCloseOnOverlayClick={false}>
      <ModalHeader hasCloseButton>
        <ModalTitle>{title}</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <Stack space="space.200">
          <SectionMessage appearance="warning" title="Copy the token now — you won't see it again" testId="shown-once-warning">
            <Text as="p">
              Quorum keeps only a fingerprint of the token, so nobody can show it to you again.
              {rotated ? ' The previous token stopped working just now; update every rule that used it.' : ''} If you lose it, rotate the
              token to get a new one.
            </Text>
          </SectionMessage>
          <CopyField label="Token" value={minted.token} testId="revealed-token" />
          {examples ? (
            <>
              {examples.triggerUrl ? (
                <CopyField
                  label="Trigger URL (token in the query, Team Voice style)"
                  value={examples.triggerUrl}
                  testId="revealed-trigger-url"
                />
              ) : (
                <SectionMessage appearance="information">
                  The policy accepts tokens only in the <Code>Authorization</Code> header, so there is no URL with the token in it.
                </SectionMessage>
              )}
              <CopyField label="Try it with curl" value={examples.curl} testId="revealed-curl" />
              <AutomationSettings examples={examples} />
            </>
          ) : (
            <SectionMessage appearance="information">
              The web trigger URL couldn&apos;t be loaded, so the request examples are missing. Find the URL on the API tab.
            </SectionMessage>
          )}
        </Stack>
      </ModalBody>
      <ModalFooter>
        <Button appearance="primary" onClick={onClose} testId="token-reveal-done">
          I&apos;ve copied the token
        </Button>
      </ModalFooter>
    </Modal>
  );
}
