// Convenience header: the whole public API.
#ifndef SESSIONSTORE_SESSIONSTORE_H_
#define SESSIONSTORE_SESSIONSTORE_H_

#include "sessionstore/context.h"
#include "sessionstore/cursor.h"
#include "sessionstore/export.h"
#include "sessionstore/follower.h"
#include "sessionstore/history.h"
#include "sessionstore/json.h"
#include "sessionstore/message.h"
#include "sessionstore/migrate.h"
#include "sessionstore/options.h"
#include "sessionstore/record.h"
#include "sessionstore/repair.h"
#include "sessionstore/request.h"
#include "sessionstore/result.h"
#include "sessionstore/search.h"
#include "sessionstore/session.h"
#include "sessionstore/status.h"
#include "sessionstore/store.h"
#include "sessionstore/usage.h"
#include "sessionstore/version.h"
#include "sessionstore/writer.h"

#endif  // SESSIONSTORE_SESSIONSTORE_H_
