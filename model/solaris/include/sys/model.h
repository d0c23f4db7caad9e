/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/model.h>: data models and the STRUCT_* macros drivers use to read
 * an ioctl's structure in the caller's model.  Every caller here is a
 * 64-bit process (get_udatamodel() is DATAMODEL_LP64), so the macros use
 * the native layout; a driver written for both models builds unchanged.
 */
#ifndef PFHOOKS_SOL_SYS_MODEL_H
#define	PFHOOKS_SOL_SYS_MODEL_H

#include <sys/types.h>
#include "ns3/pfhooks-kernel-lib.h"

#define	DATAMODEL_MASK		0x0FF00000
#define	DATAMODEL_ILP32		0x00100000
#define	DATAMODEL_LP64		0x00200000
#define	DATAMODEL_NONE		0
#define	DATAMODEL_NATIVE	DATAMODEL_LP64

typedef unsigned int model_t;

#define	model_t_is_valid(m)	((m) == DATAMODEL_ILP32 || (m) == DATAMODEL_LP64)

/* A structure in the caller's model: a handle with the model and a pointer */
#define	STRUCT_HANDLE(struct_type, handle)				\
	struct {							\
		union {							\
			struct struct_type	*m64;			\
			struct struct_type	*m32;			\
		} ptr;							\
		model_t	model;						\
	} handle = { { NULL }, DATAMODEL_NATIVE }

/* ... with room for it: STRUCT_BUF is the buffer to copy in and out */
#define	STRUCT_DECL(struct_type, handle)				\
	struct struct_type __##handle##_buf;				\
	STRUCT_HANDLE(struct_type, handle)

#define	STRUCT_INIT(handle, umodel)					\
	((handle).model = (model_t)(umodel) & DATAMODEL_MASK,		\
	(handle).ptr.m64 = &__##handle##_buf)
#define	STRUCT_SET_HANDLE(handle, umodel, addr)				\
	((handle).model = (model_t)(umodel) & DATAMODEL_MASK,		\
	(handle).ptr.m64 = (addr))
#define	STRUCT_SIZE(handle)	(sizeof (*(handle).ptr.m64))
#define	STRUCT_BUF(handle)	((handle).ptr.m64)
#define	STRUCT_FADDR(handle, field)	(&(handle).ptr.m64->field)
#define	STRUCT_FGET(handle, field)	((handle).ptr.m64->field)
#define	STRUCT_FGETP(handle, field)	((handle).ptr.m64->field)
#define	STRUCT_FSET(handle, field, val)	((handle).ptr.m64->field = (val))
#define	STRUCT_FSETP(handle, field, val) ((handle).ptr.m64->field = (val))
#define	STRUCT_FSIZE(handle, field)	(sizeof ((handle).ptr.m64->field))
#define	SIZEOF_STRUCT(struct_type, umodel)	(sizeof (struct struct_type))
#define	SIZEOF_PTR(umodel)	(sizeof (void *))

#ifdef _KERNEL
#define	ddi_model_convert_from(model)	DDI_MODEL_NONE
#define	DDI_MODEL_MASK		DATAMODEL_MASK
#define	DDI_MODEL_ILP32		DATAMODEL_ILP32
#define	DDI_MODEL_LP64		DATAMODEL_LP64
#define	DDI_MODEL_NATIVE	DATAMODEL_NATIVE
#define	DDI_MODEL_NONE		DATAMODEL_NONE
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_MODEL_H */
