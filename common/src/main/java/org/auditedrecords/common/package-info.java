package org.auditedrecords.common;
