#!/bin/sh
# For a lab cluster without cert-manager: makes a throwaway CA and a serving certificate for the webhook's
# Service with openssl, stores them as the Secret the Deployment mounts, and patches the CA into the
# ValidatingWebhookConfiguration. Run it after applying webhook.yaml and validating-webhook.yaml; run it
# again to renew (the webhook reads the new files without a restart). Keys stay in a temporary folder that
# is removed on exit; nothing secret is printed.
#   NAMESPACE (cni-studio), SERVICE (cni-studio-webhook), SECRET (cni-studio-webhook-tls),
#   WEBHOOK (cni-studio-webhook), DAYS (365), KUBECTL (kubectl)
set -eu

NAMESPACE=${NAMESPACE:-cni-studio}
SERVICE=${SERVICE:-cni-studio-webhook}
SECRET=${SECRET:-cni-studio-webhook-tls}
WEBHOOK=${WEBHOOK:-cni-studio-webhook}
DAYS=${DAYS:-365}
KUBECTL=${KUBECTL:-kubectl}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
umask 077
cd "$work"

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -keyout ca.key -out ca.crt -subj "/CN=cni-studio-webhook-ca" 2>/dev/null
cat > server.ext <<EXT
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:$SERVICE,DNS:$SERVICE.$NAMESPACE,DNS:$SERVICE.$NAMESPACE.svc,DNS:$SERVICE.$NAMESPACE.svc.cluster.local
EXT
openssl req -newkey rsa:2048 -nodes -sha256 -keyout tls.key -out tls.csr \
  -subj "/CN=$SERVICE.$NAMESPACE.svc" 2>/dev/null
openssl x509 -req -sha256 -days "$DAYS" -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
  -extfile server.ext -out tls.crt 2>/dev/null

# create-or-update without printing the key: the manifest goes straight from one kubectl to the other.
"$KUBECTL" -n "$NAMESPACE" create secret tls "$SECRET" --cert=tls.crt --key=tls.key --dry-run=client -o yaml |
  "$KUBECTL" apply -f - >/dev/null

ca_bundle=$(base64 < ca.crt | tr -d '\n')
"$KUBECTL" patch validatingwebhookconfiguration "$WEBHOOK" --type=json \
  -p "[{\"op\":\"add\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$ca_bundle\"}]" >/dev/null

echo "make-certs: Secret $NAMESPACE/$SECRET holds a certificate for $SERVICE.$NAMESPACE.svc (valid $DAYS days); its CA is the caBundle of $WEBHOOK."
