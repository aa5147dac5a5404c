// A secret's status as a label; `expiring` and `expired` carry an icon so they are not told by colour alone.
import { Label } from '@patternfly/react-core';
import { BanIcon } from '@patternfly/react-icons/dist/esm/icons/ban-icon';
import { ExclamationTriangleIcon } from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import type { SecretStatus } from '@credman/api-contract';

const TEXT: Record<SecretStatus, string> = {
  active: 'Active',
  expiring: 'Expiring soon',
  expired: 'Expired',
  deleted: 'Deleted',
  lost: 'Removed outside credman',
};

export function SecretStatusLabel({ status }: { status: SecretStatus }) {
  switch (status) {
    case 'active':
      return <Label color="green">{TEXT.active}</Label>;
    case 'expiring':
      return (
        <Label status="warning" icon={<ExclamationTriangleIcon />}>
          {TEXT.expiring}
        </Label>
      );
    case 'expired':
      return (
        <Label color="grey" icon={<BanIcon />} data-testid="expired-label">
          {TEXT.expired}
        </Label>
      );
    default:
      return <Label color="grey">{TEXT[status]}</Label>;
  }
}
