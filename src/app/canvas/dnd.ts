// The drag payload from the palette: a plugin type under our own MIME type. An IPAM plugin's drag also
// carries IPAM_MIME: while dragging, only the types can be read (not the data), and IPAM plugins attach
// to a plugin rather than take a place in the chain.
export const PLUGIN_MIME = 'application/x-cni-plugin';
export const IPAM_MIME = 'application/x-cni-ipam';

export const isIpamDrag = (data: DataTransfer) => data.types.includes(IPAM_MIME);
