"""The portal as a cluster on one machine (issue #16, docs/cluster.md), by concern: the topology
that starts and stops it all (``topology``), the programs and their probes (``process``), HAProxy
(``proxy``) and the PostgreSQL database (``database``). What the command and the fault tests use
is re-exported here."""

from sel.core.cluster.database import (
    database_connect,
    database_create_if_missing,
    database_recreate,
    database_terminate_connections,
    database_url_named,
)
from sel.core.cluster.process import Process, http_status
from sel.core.cluster.proxy import PROXY_503, haproxy_config, haproxy_path
from sel.core.cluster.topology import Cluster, running_cluster

__all__ = [
    "PROXY_503",
    "Cluster",
    "Process",
    "database_connect",
    "database_create_if_missing",
    "database_recreate",
    "database_terminate_connections",
    "database_url_named",
    "haproxy_config",
    "haproxy_path",
    "http_status",
    "running_cluster",
]
